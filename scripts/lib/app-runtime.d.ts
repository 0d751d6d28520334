export declare const APP_NODE_FLAGS: string[];
export declare function appEntry(app: 'auth' | 'api' | 'mcp'): string;
