import { appRoleName, appUrlFor } from '../../ledger/store/app-role';

describe('appRoleName', () => {
  describe('when the database name is a short plain identifier', () => {
    it('appends _app', () => {
      expect(appRoleName('synthledger')).toBe('synthledger_app');
    });
  });
  describe('when the name is too long or not a plain identifier', () => {
    it('gives a bounded, distinct, valid identifier', () => {
      const long = 'x'.repeat(63);
      const names = [appRoleName(long), appRoleName(`${long.slice(0, 62)}y`), appRoleName('My-DB'), appRoleName('my_db'), appRoleName('1db')];
      for (const n of names) {
        expect(n).toMatch(/^[a-z_][a-z0-9_]*_app$/);
        expect(Buffer.byteLength(n)).toBeLessThanOrEqual(63);
      }
      expect(new Set(names).size).toBe(names.length);
    });
  });
});

describe('appUrlFor', () => {
  describe('when no password is given or set', () => {
    it('refuses with CONFIG_INVALID naming migrate: there is no default password', () => {
      expect(() => appUrlFor('postgres://owner:secret@db:5432/ledger', {})).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(/synthledger migrate/) }));
    });
  });
  describe('when a password is given', () => {
    it('keeps the server and database and swaps in the derived role', () => {
      const url = new URL(appUrlFor('postgres://owner:secret@db:5432/ledger', {}, 'p4ss'));
      expect([url.username, url.password, url.host, url.pathname]).toEqual(['ledger_app', 'p4ss', 'db:5432', '/ledger']);
    });
  });
});
