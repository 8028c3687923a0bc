/** Jest without services: for fast runs of pure unit tests while developing (`npx jest -c jest.pure.config.js <path>`). */
const base = require('./jest.config.js');
module.exports = { ...base, globalSetup: undefined, globalTeardown: undefined };
