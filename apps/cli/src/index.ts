export { main } from './main.js';
export { rootCommand } from './commands.js';
export { startCommand } from './start.js';
export { upCommand } from './up.js';
