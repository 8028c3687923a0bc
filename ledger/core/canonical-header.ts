/**
 * Reads a stored entry header that must be the RFC 8785 (JCS) form of a v1
 * header, in one pass over its text. A header has a fixed shape (strings or
 * null, integers, one nested object of strings or null), so its canonical
 * form is fixed too: the members in sorted order, no whitespace, each string
 * spelled as JSON.stringify spells a well-formed string, each integer as
 * its shortest decimal, and `"v":1` last ({@link ENTRY_HEADER_LAYOUT} derives
 * that text from the header's schema). The reader matches that spelling member by member,
 * so it refuses every other text (whitespace, another member order, a
 * duplicate or extra member, another escape, `1.0`, `-0`, a lone surrogate)
 * without parsing the text into objects and serializing them back, which
 * costs more than hashing the text twice.
 */
import { VerificationError } from '../../common/errors';
import { entryHeaderBodySchema, type EntryHeader } from '../../schemas/entry-header.schema';
import { ENTRY_HEADER_LAYOUT } from './canonical-header-layout';

// A string with nothing to unescape or check: plain characters only.
const PLAIN_CHARS = '[^"\\\\\\u0000-\\u001f\\ud800-\\udfff]*';
const PLAIN_STRING_REST = new RegExp(`${PLAIN_CHARS}"`, 'y');
// Any JSON string up to its closing quote (escapes skipped); JSON.parse then judges it.
const ANY_STRING_REST = /(?:[^"\\]|\\[^])*"/y;
const INTEGER_SPELLING = '-?(?:0|[1-9][0-9]*)';
const INTEGER = new RegExp(INTEGER_SPELLING, 'y');
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The canonical header, member by member: the text before each value, the member's path, its type; then the text after the last value. Version 1 is the only header this reader knows. */
const { members: MEMBERS, end: END, at: AT } = ENTRY_HEADER_LAYOUT;
const VERSION = entryHeaderBodySchema.properties.v.const;

/** The whole canonical header when no string needs an escape (the common case), one capture per member; a null member captures nothing. */
const PLAIN_HEADER = new RegExp(`^${MEMBERS.map(([before, , type]) => escapeRegExp(before) + {
  string: `"(${PLAIN_CHARS})"`,
  'string-or-null': `(?:null|"(${PLAIN_CHARS})")`,
  integer: `(${INTEGER_SPELLING})`,
}[type]).join('')}${escapeRegExp(END)}$`);

/**
 * The header `text` spells, when `text` is its canonical form; otherwise
 * throws MALFORMED_INPUT naming the member and what is wrong with it.
 */
export function readCanonicalHeader(text: string): EntryHeader {
  return headerOf(PLAIN_HEADER.exec(text) ?? readMembers(text));
}

/**
 * The header of the member values in `members` at the positions {@link AT}
 * gives (the captures of {@link PLAIN_HEADER}, so index 0 is unused):
 * strings, integers still spelled in decimal, and undefined for null.
 */
function headerOf(members: ArrayLike<string | undefined>): EntryHeader {
  return {
    v: VERSION, index: safeInteger(members[AT.index]!, 'index'), stream: members[AT.stream]!, streamIndex: safeInteger(members[AT.streamIndex]!, 'streamIndex'),
    kind: members[AT.kind]!, contract: members[AT.contract] ?? null, payloadHash: members[AT.payloadHash]!, prevEntryHash: members[AT.prevEntryHash] ?? null, recordedAt: members[AT.recordedAt]!,
    actor: {
      workflowId: members[AT['actor.workflowId']] ?? null, runId: members[AT['actor.runId']] ?? null,
      activityType: members[AT['actor.activityType']] ?? null, activityId: members[AT['actor.activityId']] ?? null,
    },
  };
}

/** Reads the members one by one, for a text with an escaped string and to name what is wrong with one that is not canonical; the result is shaped as {@link PLAIN_HEADER}'s captures. */
function readMembers(text: string): Array<string | undefined> {
  const r = new HeaderText(text);
  const members: Array<string | undefined> = [text];
  for (const [before, member, type] of MEMBERS) {
    r.expect(before);
    members.push(type === 'integer' ? r.integer(member) : type === 'string' ? r.string(member) : r.stringOrNull(member) ?? undefined);
  }
  r.expect(END);
  r.end();
  return members;
}

function safeInteger(spelled: string, member: string): number {
  const value = Number(spelled);
  // JSON.stringify writes -0 as 0, and beyond 2^53 a decimal no longer names one integer.
  if (!Number.isSafeInteger(value) || spelled === '-0') throw refuse(`${member} ${spelled} is not a safe integer in canonical form`);
  return value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function refuse(message: string): VerificationError {
  return new VerificationError('MALFORMED_INPUT', message);
}

/** A position in a header's text and the readers of its canonical pieces. */
class HeaderText {
  private pos = 0;

  constructor(private readonly text: string) {}

  expect(literal: string): void {
    if (!this.text.startsWith(literal, this.pos)) throw refuse(`expected ${literal} at character ${this.pos}`);
    this.pos += literal.length;
  }

  end(): void {
    if (this.pos !== this.text.length) throw refuse(`unexpected text after the closing brace at character ${this.pos}`);
  }

  string(member: string): string {
    const { text, pos } = this;
    if (text.charCodeAt(pos) !== 0x22) throw refuse(`${member} is not a string`);
    PLAIN_STRING_REST.lastIndex = pos + 1;
    if (PLAIN_STRING_REST.test(text)) {
      this.pos = PLAIN_STRING_REST.lastIndex;
      return text.slice(pos + 1, this.pos - 1);
    }
    return this.escapedString(member);
  }

  stringOrNull(member: string): string | null {
    if (this.text.startsWith('null', this.pos)) {
      this.pos += 4;
      return null;
    }
    return this.string(member);
  }

  /** An integer as spelled; {@link headerOf} reads its value. */
  integer(member: string): string {
    INTEGER.lastIndex = this.pos;
    if (!INTEGER.test(this.text)) throw refuse(`${member} is not an integer`);
    const spelled = this.text.slice(this.pos, INTEGER.lastIndex);
    this.pos = INTEGER.lastIndex;
    return spelled;
  }

  /** A string with an escape, a control character or a surrogate: canonical only as JSON.stringify writes it, and well formed. */
  private escapedString(member: string): string {
    const { text, pos } = this;
    ANY_STRING_REST.lastIndex = pos + 1;
    if (!ANY_STRING_REST.test(text)) throw refuse(`${member} is an unterminated string`);
    const spelled = text.slice(pos, ANY_STRING_REST.lastIndex);
    let value: string;
    try {
      value = JSON.parse(spelled) as string;
    } catch (e) {
      throw refuse(`${member} is not a JSON string (${(e as Error).message})`);
    }
    if (LONE_SURROGATE.test(value)) throw refuse(`${member} holds a lone surrogate, which JCS refuses`);
    if (JSON.stringify(value) !== spelled) throw refuse(`${member} is not spelled as JCS writes it`);
    this.pos = ANY_STRING_REST.lastIndex;
    return value;
  }
}
