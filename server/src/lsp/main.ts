// Entry point of dist/server.js, started by the VS Code client (or any editor) over stdio.
import { startServer } from './server';

startServer();
