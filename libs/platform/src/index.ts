export { AllExceptionsFilter } from './all-exceptions.filter.js';
export { configureApp, createApp, type CreateAppOptions } from './create-app.js';
