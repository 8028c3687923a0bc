import { firstDuplicateName, parseStrictJson, StrictJsonError } from '../../common/strict-json';

describe('parseStrictJson', () => {
  describe('when an object repeats a member name', () => {
    it.each([
      ['at the top level', '{"researchQuestion":"forged","researchQuestion":"real"}', 'researchQuestion', '$.researchQuestion'],
      ['in a nested object', '{"a":{"b":1,"c":[{"d":1,"d":2}]}}', 'd', '$.a.c[0].d'],
      ['in a later array element', '{"logs":[{"origin":"a"},[1,2],{"origin":"b","origin":"c"}]}', 'origin', '$.logs[2].origin'],
      ['spelled with an escape', '{"title":"x","\\u0074itle":"y"}', 'title', '$.title'],
      ['after a string value holding quotes and braces', '{"a":"\\"}{,","b":1,"a":2}', 'a', '$.a'],
      ['that is not an identifier', '{"x":{"a b":1,"a b":2}}', 'a b', '$.x["a b"]'],
    ])('refuses it %s, naming it and its path', (_when, text, name, path) => {
      expect(() => parseStrictJson(text)).toThrow(StrictJsonError);
      expect(() => parseStrictJson(text)).toThrow(`duplicate member name ${JSON.stringify(name)} at ${path}`);
      expect(firstDuplicateName(text)).toMatchObject({ name, path });
    });
  });

  describe('when names repeat only across different objects or as values', () => {
    it('accepts the document', () => {
      const text = '{"a":{"x":1},"b":{"x":2},"c":["a","a"],"d":"a","e":[{"x":1},{"x":2}]}';
      expect(firstDuplicateName(text)).toBeNull();
      expect(parseStrictJson(text)).toEqual(JSON.parse(text));
    });
  });

  describe('when the text is not JSON', () => {
    it('throws StrictJsonError with the syntax problem', () => {
      expect(() => parseStrictJson('{"a":')).toThrow(StrictJsonError);
      expect(() => parseStrictJson('')).toThrow(StrictJsonError);
    });
  });
});
