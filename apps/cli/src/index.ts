export { main } from './main.js';
export { rootCommand, startCommand } from './commands.js';
