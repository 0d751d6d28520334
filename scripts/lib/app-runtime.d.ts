export declare const APP_NODE_FLAGS: string[];
export declare const APP_ENV: Record<string, string>;
export declare function appEntry(app: 'auth' | 'api' | 'mcp'): string;
