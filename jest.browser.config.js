/** Jest for the browser tests (`npm run test:browser`): the site in a real Chromium, with the same PostgreSQL and Temporal setup as `npm test`. */
const base = require('./jest.config.js');
module.exports = { ...base, testMatch: ['**/test/browser/**/*.browser.ts'], testTimeout: 180000 };
