#!/usr/bin/env node
// Built by scripts/build-verifier.ts from verifier/src/standalone.ts, ledger/core/ and verification/: do not edit; edit the sources and run `npm run build`.
var __getOwnPropNames = Object.getOwnPropertyNames;
var __commonJS = (cb, mod) => function __require() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};

// node_modules/ajv/dist/runtime/ucs2length.js
var require_ucs2length = __commonJS({
  "node_modules/ajv/dist/runtime/ucs2length.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    function ucs2length(str) {
      const len = str.length;
      let length = 0;
      let pos = 0;
      let value;
      while (pos < len) {
        length++;
        value = str.charCodeAt(pos++);
        if (value >= 55296 && value <= 56319 && pos < len) {
          value = str.charCodeAt(pos);
          if ((value & 64512) === 56320)
            pos++;
        }
      }
      return length;
    }
    exports.default = ucs2length;
    ucs2length.code = 'require("ajv/dist/runtime/ucs2length").default';
  }
});

// node_modules/ajv-formats/dist/formats.js
var require_formats = __commonJS({
  "node_modules/ajv-formats/dist/formats.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.formatNames = exports.fastFormats = exports.fullFormats = void 0;
    function fmtDef(validate, compare) {
      return { validate, compare };
    }
    exports.fullFormats = {
      // date: http://tools.ietf.org/html/rfc3339#section-5.6
      date: fmtDef(date, compareDate),
      // date-time: http://tools.ietf.org/html/rfc3339#section-5.6
      time: fmtDef(getTime(true), compareTime),
      "date-time": fmtDef(getDateTime(true), compareDateTime),
      "iso-time": fmtDef(getTime(), compareIsoTime),
      "iso-date-time": fmtDef(getDateTime(), compareIsoDateTime),
      // duration: https://tools.ietf.org/html/rfc3339#appendix-A
      duration: /^P(?!$)((\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?|(\d+W)?)$/,
      uri,
      "uri-reference": /^(?:[a-z][a-z0-9+\-.]*:)?(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'"()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?(?:\?(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i,
      // uri-template: https://tools.ietf.org/html/rfc6570
      "uri-template": /^(?:(?:[^\x00-\x20"'<>%\\^`{|}]|%[0-9a-f]{2})|\{[+#./;?&=,!@|]?(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?(?:,(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?)*\})*$/i,
      // For the source: https://gist.github.com/dperini/729294
      // For test cases: https://mathiasbynens.be/demo/url-regex
      url: /^(?:https?|ftp):\/\/(?:\S+(?::\S*)?@)?(?:(?!(?:10|127)(?:\.\d{1,3}){3})(?!(?:169\.254|192\.168)(?:\.\d{1,3}){2})(?!172\.(?:1[6-9]|2\d|3[0-1])(?:\.\d{1,3}){2})(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))|(?:(?:[a-z0-9\u{00a1}-\u{ffff}]+-)*[a-z0-9\u{00a1}-\u{ffff}]+)(?:\.(?:[a-z0-9\u{00a1}-\u{ffff}]+-)*[a-z0-9\u{00a1}-\u{ffff}]+)*(?:\.(?:[a-z\u{00a1}-\u{ffff}]{2,})))(?::\d{2,5})?(?:\/[^\s]*)?$/iu,
      email: /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i,
      hostname: /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i,
      // optimized https://www.safaribooksonline.com/library/view/regular-expressions-cookbook/9780596802837/ch07s16.html
      ipv4: /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
      ipv6: /^((([0-9a-f]{1,4}:){7}([0-9a-f]{1,4}|:))|(([0-9a-f]{1,4}:){6}(:[0-9a-f]{1,4}|((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9a-f]{1,4}:){5}(((:[0-9a-f]{1,4}){1,2})|:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})|:))|(([0-9a-f]{1,4}:){4}(((:[0-9a-f]{1,4}){1,3})|((:[0-9a-f]{1,4})?:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){3}(((:[0-9a-f]{1,4}){1,4})|((:[0-9a-f]{1,4}){0,2}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){2}(((:[0-9a-f]{1,4}){1,5})|((:[0-9a-f]{1,4}){0,3}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(([0-9a-f]{1,4}:){1}(((:[0-9a-f]{1,4}){1,6})|((:[0-9a-f]{1,4}){0,4}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:))|(:(((:[0-9a-f]{1,4}){1,7})|((:[0-9a-f]{1,4}){0,5}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}))|:)))$/i,
      regex,
      // uuid: http://tools.ietf.org/html/rfc4122
      uuid: /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i,
      // JSON-pointer: https://tools.ietf.org/html/rfc6901
      // uri fragment: https://tools.ietf.org/html/rfc3986#appendix-A
      "json-pointer": /^(?:\/(?:[^~/]|~0|~1)*)*$/,
      "json-pointer-uri-fragment": /^#(?:\/(?:[a-z0-9_\-.!$&'()*+,;:=@]|%[0-9a-f]{2}|~0|~1)*)*$/i,
      // relative JSON-pointer: http://tools.ietf.org/html/draft-luff-relative-json-pointer-00
      "relative-json-pointer": /^(?:0|[1-9][0-9]*)(?:#|(?:\/(?:[^~/]|~0|~1)*)*)$/,
      // the following formats are used by the openapi specification: https://spec.openapis.org/oas/v3.0.0#data-types
      // byte: https://github.com/miguelmota/is-base64
      byte,
      // signed 32 bit integer
      int32: { type: "number", validate: validateInt32 },
      // signed 64 bit integer
      int64: { type: "number", validate: validateInt64 },
      // C-type float
      float: { type: "number", validate: validateNumber },
      // C-type double
      double: { type: "number", validate: validateNumber },
      // hint to the UI to hide input strings
      password: true,
      // unchecked string payload
      binary: true
    };
    exports.fastFormats = {
      ...exports.fullFormats,
      date: fmtDef(/^\d\d\d\d-[0-1]\d-[0-3]\d$/, compareDate),
      time: fmtDef(/^(?:[0-2]\d:[0-5]\d:[0-5]\d|23:59:60)(?:\.\d+)?(?:z|[+-]\d\d(?::?\d\d)?)$/i, compareTime),
      "date-time": fmtDef(/^\d\d\d\d-[0-1]\d-[0-3]\dt(?:[0-2]\d:[0-5]\d:[0-5]\d|23:59:60)(?:\.\d+)?(?:z|[+-]\d\d(?::?\d\d)?)$/i, compareDateTime),
      "iso-time": fmtDef(/^(?:[0-2]\d:[0-5]\d:[0-5]\d|23:59:60)(?:\.\d+)?(?:z|[+-]\d\d(?::?\d\d)?)?$/i, compareIsoTime),
      "iso-date-time": fmtDef(/^\d\d\d\d-[0-1]\d-[0-3]\d[t\s](?:[0-2]\d:[0-5]\d:[0-5]\d|23:59:60)(?:\.\d+)?(?:z|[+-]\d\d(?::?\d\d)?)?$/i, compareIsoDateTime),
      // uri: https://github.com/mafintosh/is-my-json-valid/blob/master/formats.js
      uri: /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/)?[^\s]*$/i,
      "uri-reference": /^(?:(?:[a-z][a-z0-9+\-.]*:)?\/?\/)?(?:[^\\\s#][^\s#]*)?(?:#[^\\\s]*)?$/i,
      // email (sources from jsen validator):
      // http://stackoverflow.com/questions/201323/using-a-regular-expression-to-validate-an-email-address#answer-8829363
      // http://www.w3.org/TR/html5/forms.html#valid-e-mail-address (search for 'wilful violation')
      email: /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i
    };
    exports.formatNames = Object.keys(exports.fullFormats);
    function isLeapYear(year) {
      return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    }
    var DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
    var DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    function date(str) {
      const matches = DATE.exec(str);
      if (!matches)
        return false;
      const year = +matches[1];
      const month = +matches[2];
      const day = +matches[3];
      return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && isLeapYear(year) ? 29 : DAYS[month]);
    }
    function compareDate(d1, d2) {
      if (!(d1 && d2))
        return void 0;
      if (d1 > d2)
        return 1;
      if (d1 < d2)
        return -1;
      return 0;
    }
    var TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i;
    function getTime(strictTimeZone) {
      return function time(str) {
        const matches = TIME.exec(str);
        if (!matches)
          return false;
        const hr = +matches[1];
        const min = +matches[2];
        const sec = +matches[3];
        const tz = matches[4];
        const tzSign = matches[5] === "-" ? -1 : 1;
        const tzH = +(matches[6] || 0);
        const tzM = +(matches[7] || 0);
        if (tzH > 23 || tzM > 59 || strictTimeZone && !tz)
          return false;
        if (hr <= 23 && min <= 59 && sec < 60)
          return true;
        const utcMin = min - tzM * tzSign;
        const utcHr = hr - tzH * tzSign - (utcMin < 0 ? 1 : 0);
        return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61;
      };
    }
    function compareTime(s1, s2) {
      if (!(s1 && s2))
        return void 0;
      const t1 = (/* @__PURE__ */ new Date("2020-01-01T" + s1)).valueOf();
      const t2 = (/* @__PURE__ */ new Date("2020-01-01T" + s2)).valueOf();
      if (!(t1 && t2))
        return void 0;
      return t1 - t2;
    }
    function compareIsoTime(t1, t2) {
      if (!(t1 && t2))
        return void 0;
      const a1 = TIME.exec(t1);
      const a2 = TIME.exec(t2);
      if (!(a1 && a2))
        return void 0;
      t1 = a1[1] + a1[2] + a1[3];
      t2 = a2[1] + a2[2] + a2[3];
      if (t1 > t2)
        return 1;
      if (t1 < t2)
        return -1;
      return 0;
    }
    var DATE_TIME_SEPARATOR = /t|\s/i;
    function getDateTime(strictTimeZone) {
      const time = getTime(strictTimeZone);
      return function date_time(str) {
        const dateTime = str.split(DATE_TIME_SEPARATOR);
        return dateTime.length === 2 && date(dateTime[0]) && time(dateTime[1]);
      };
    }
    function compareDateTime(dt1, dt2) {
      if (!(dt1 && dt2))
        return void 0;
      const d1 = new Date(dt1).valueOf();
      const d2 = new Date(dt2).valueOf();
      if (!(d1 && d2))
        return void 0;
      return d1 - d2;
    }
    function compareIsoDateTime(dt1, dt2) {
      if (!(dt1 && dt2))
        return void 0;
      const [d1, t1] = dt1.split(DATE_TIME_SEPARATOR);
      const [d2, t2] = dt2.split(DATE_TIME_SEPARATOR);
      const res = compareDate(d1, d2);
      if (res === void 0)
        return void 0;
      return res || compareTime(t1, t2);
    }
    var NOT_URI_FRAGMENT = /\/|:/;
    var URI = /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;
    function uri(str) {
      return NOT_URI_FRAGMENT.test(str) && URI.test(str);
    }
    var BYTE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/gm;
    function byte(str) {
      BYTE.lastIndex = 0;
      return BYTE.test(str);
    }
    var MIN_INT32 = -(2 ** 31);
    var MAX_INT32 = 2 ** 31 - 1;
    function validateInt32(value) {
      return Number.isInteger(value) && value <= MAX_INT32 && value >= MIN_INT32;
    }
    function validateInt64(value) {
      return Number.isInteger(value);
    }
    function validateNumber() {
      return true;
    }
    var Z_ANCHOR = /[^\\]\\Z/;
    function regex(str) {
      if (Z_ANCHOR.test(str))
        return false;
      try {
        new RegExp(str);
        return true;
      } catch (e) {
        return false;
      }
    }
  }
});

// verifier/src/standalone.ts
import { realpathSync as realpathSync2, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

// common/errors.ts
var VALIDATION_CODES = [
  "INVALID_JSON_VALUE",
  "PAYLOAD_TOO_LARGE",
  "UNKNOWN_CONTRACT",
  "SCHEMA_INVALID",
  "INVALID_STREAM_ID",
  "INVALID_ARGUMENT",
  "INVALID_CORPUS",
  "TRUST_POLICY_INVALID"
];
var LEDGER_CODES = ["IDEMPOTENCY_CONFLICT", "NOT_FOUND", "LEDGER_UNAVAILABLE", "LOG_STATE_CORRUPT", "SIGNING_KEY_MISMATCH", "LOG_KEY_EXISTS"];
var VERIFICATION_CODES = [
  "HASH_MISMATCH",
  "CHAIN_BROKEN",
  "PROOF_MISMATCH",
  "CHECKPOINT_INVALID",
  "SIGNATURE_INVALID",
  "ARTIFACT_MISMATCH",
  "MALFORMED_INPUT",
  // A witness's cosignature line that does not verify (or is over another checkpoint).
  "COSIGNATURE_INVALID",
  // The log showed a witness a checkpoint inconsistent with one it saw before: a fork.
  "SPLIT_VIEW",
  // The reader's trust policy: only the bundle's own key verified; the log did not only grow; too few trusted witnesses cosigned.
  "UNTRUSTED_KEY",
  "CONSISTENCY_MISMATCH",
  "WITNESS_QUORUM_NOT_MET",
  // Deep verification of an evidence bundle (docs/VERIFYING.md, "Deep verification").
  "EVIDENCE_MISSING",
  "STREAM_MISMATCH",
  "CLAIM_MISMATCH",
  "SOURCE_MISMATCH",
  "SPAN_MISMATCH",
  "REVERIFICATION_MISMATCH",
  "HISTORY_MISMATCH",
  "CITATION_UNRESOLVED",
  "CORRECTION_CHAIN_BROKEN",
  // A shipped stream with an entry left out, shipped twice, or moved (each entry intact, the chain's links say which).
  "ENTRY_MISSING",
  "ENTRY_DUPLICATED",
  "ENTRY_OUT_OF_ORDER"
];
var ENVIRONMENT_CODES = [
  "CONFIG_INVALID",
  "SERVICE_UNAVAILABLE",
  "PROVIDER_ERROR",
  "PROVIDER_RESPONSE_INVALID",
  "SOURCE_UNAVAILABLE",
  "WORKFLOW_ERROR",
  // A witness that did not answer in time or answered 5xx (retryable).
  "WITNESS_UNAVAILABLE",
  // A witness that refused for another reason than a split view (unknown log, bad log signature, bad request, or already ahead of the checkpoint).
  "WITNESS_REFUSED",
  // A witness answer that is not a tlog-witness response.
  "WITNESS_RESPONSE_INVALID"
];
var NON_RETRYABLE_CODES = [
  ...VALIDATION_CODES,
  "IDEMPOTENCY_CONFLICT",
  "NOT_FOUND",
  "CONFIG_INVALID",
  "PROVIDER_RESPONSE_INVALID",
  "SPLIT_VIEW",
  "COSIGNATURE_INVALID",
  "WITNESS_RESPONSE_INVALID"
];
var SynthledgerError = class extends Error {
  code;
  issues;
  retryable;
  details;
  constructor(code, message, options = {}) {
    super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.issues = options.issues ?? [];
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }
  /** A plain JSON form for `--json` output and Temporal failure details. */
  toJSON() {
    return { name: this.name, code: this.code, message: this.message, issues: this.issues, retryable: this.retryable, details: this.details };
  }
};
var ValidationError = class _ValidationError extends SynthledgerError {
  constructor(code, issues, options = {}) {
    super(code, formatIssues(issues), { ...options, issues, retryable: false });
  }
  /** Shorthand for a single issue. */
  static single(code, path, rule, message) {
    return new _ValidationError(code, [{ code: rule, path, message }]);
  }
};
var VerificationError = class extends SynthledgerError {
};
function formatIssues(issues) {
  if (issues.length === 0) return "invalid input";
  return issues.map((i) => `${i.path}: ${i.message}`).join("; ");
}
var FAMILY_OF_CODE = Object.fromEntries([
  ...VALIDATION_CODES.map((c) => [c, "validation"]),
  ...LEDGER_CODES.map((c) => [c, "ledger"]),
  ...VERIFICATION_CODES.map((c) => [c, "verification"]),
  ...ENVIRONMENT_CODES.map((c) => [c, "environment"])
]);

// common/text-safety.ts
var ESCAPE_ALL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;
var ESCAPE_KEEPING_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;
function escapeUnsafeText(text2, { keepLines = false } = {}) {
  return text2.replace(keepLines ? ESCAPE_KEEPING_LINES : ESCAPE_ALL, escapeOne);
}
function escapeUnsafeJson(json) {
  return json.replace(ESCAPE_KEEPING_LINES, escapeOne);
}
function escapeOne(c) {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

// common/strict-json.ts
var StrictJsonError = class extends Error {
  /** The repeated member name, when that is the reason (null for a syntax error). */
  duplicate;
  constructor(message, duplicate = null) {
    super(message);
    this.duplicate = duplicate;
  }
};
function parseStrictJson(text2) {
  let value;
  try {
    value = JSON.parse(text2);
  } catch (e) {
    throw new StrictJsonError(e.message);
  }
  const duplicate = firstDuplicateName(text2);
  if (duplicate) throw new StrictJsonError(`duplicate member name ${JSON.stringify(duplicate.name)} at ${duplicate.path} (character ${duplicate.at})`, duplicate);
  return value;
}
function firstDuplicateName(text2) {
  const open = [];
  let expectName = false;
  const segment = (frame) => "index" in frame ? `[${frame.index}]` : memberPath(frame.member ?? "");
  for (let i = 0; i < text2.length; i++) {
    const c = text2[i];
    if (c === "{") {
      open.push({ names: /* @__PURE__ */ new Set(), member: null });
      expectName = true;
    } else if (c === "[") {
      open.push({ index: 0 });
      expectName = false;
    } else if (c === "}" || c === "]") {
      open.pop();
      expectName = false;
    } else if (c === ",") {
      const top = open[open.length - 1];
      if (top && "index" in top) top.index++;
      expectName = top !== void 0 && !("index" in top);
    } else if (c === '"') {
      const start = i;
      i++;
      while (text2[i] !== '"') i += text2[i] === "\\" ? 2 : 1;
      if (expectName) {
        const name = JSON.parse(text2.slice(start, i + 1));
        const top = open[open.length - 1];
        if (top.names.has(name)) return { name, at: start, path: `$${open.slice(0, -1).map(segment).join("")}${memberPath(name)}` };
        top.names.add(name);
        top.member = name;
        expectName = false;
      }
    }
  }
  return null;
}
function memberPath(name) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${escapeUnsafeJson(JSON.stringify(name))}]`;
}

// ledger/core/canonical-json.ts
var LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function canonicalize(value, rootPath = "$") {
  const out = [];
  write(value, rootPath, out, /* @__PURE__ */ new Set());
  return out.join("");
}
function write(value, path, out, seen) {
  if (value === null) {
    out.push("null");
    return;
  }
  switch (typeof value) {
    case "boolean":
      out.push(value ? "true" : "false");
      return;
    case "number":
      if (!Number.isFinite(value)) throw invalid(path, "non-finite-number", `${String(value)} is not a JSON number`);
      out.push(Object.is(value, -0) ? "0" : String(value));
      return;
    case "string":
      out.push(quote(value, path));
      return;
    case "object":
      break;
    default:
      throw invalid(path, `unsupported-${typeof value}`, `a ${typeof value} value cannot be represented in JSON`);
  }
  const obj = value;
  if (seen.has(obj)) throw invalid(path, "cycle", "the value contains a reference cycle");
  seen.add(obj);
  if (Array.isArray(obj)) {
    out.push("[");
    for (let i = 0; i < obj.length; i++) {
      if (i > 0) out.push(",");
      if (!(i in obj)) throw invalid(`${path}[${i}]`, "sparse-array", "arrays must not have holes");
      write(obj[i], `${path}[${i}]`, out, seen);
    }
    out.push("]");
  } else {
    const proto = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      throw invalid(path, "non-plain-object", `a ${proto?.constructor?.name ?? "non-plain"} object is not a JSON object`);
    }
    const keys = Object.keys(obj).sort();
    out.push("{");
    let first = true;
    for (const key of keys) {
      const child = obj[key];
      const childPath = `${path}.${key}`;
      if (child === void 0) throw invalid(childPath, "undefined", "undefined is not a JSON value");
      if (!first) out.push(",");
      first = false;
      out.push(quote(key, `${path}{key ${JSON.stringify(key)}}`));
      out.push(":");
      write(child, childPath, out, seen);
    }
    out.push("}");
  }
  seen.delete(obj);
}
function quote(s, path) {
  if (LONE_SURROGATE.test(s)) throw invalid(path, "lone-surrogate", "the string contains a lone UTF-16 surrogate");
  return JSON.stringify(s);
}
function invalid(path, rule, message) {
  return ValidationError.single("INVALID_JSON_VALUE", path, rule, message);
}

// ledger/core/crypto-primitives.ts
import * as nodeCrypto from "node:crypto";
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
var ED25519_KEY_SIZE = 32;
var ED25519_SIGNATURE_SIZE = 64;
var ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
var ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
var oneShot = nodeCrypto.hash;
var sha256Digest = oneShot ? (data) => oneShot("sha256", data, "buffer") : (data) => createHash("sha256").update(data).digest();
var sha256Hex = oneShot ? (data) => oneShot("sha256", data, "hex") : (data) => createHash("sha256").update(data).digest("hex");
function ed25519Verifier(publicKey) {
  const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]), format: "der", type: "spki" });
  return (message, signature) => {
    if (signature.length !== ED25519_SIGNATURE_SIZE) return false;
    try {
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  };
}

// ledger/core/hash.ts
var HASH_PREFIX = "sha256:";
var HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;
function sha256(data) {
  return HASH_PREFIX + sha256Hex(data);
}
function sha256Matches(hash2, data) {
  return hash2.length === HASH_PREFIX.length + 64 && hash2.startsWith(HASH_PREFIX) && hash2.endsWith(sha256Hex(data));
}
function sha256Bytes(data) {
  return sha256Digest(data);
}
function hashJson(value) {
  return sha256(canonicalize(value));
}
function hashToBytes(hash2) {
  if (!HASH_PATTERN.test(hash2)) throw new VerificationError("MALFORMED_INPUT", `not a sha256:<hex> hash: ${hash2.slice(0, 80)}`);
  return Buffer.from(hash2.slice(HASH_PREFIX.length), "hex");
}

// ledger/core/merkle.ts
var LEAF_PREFIX = 0;
var NODE_PREFIX = 1;
var HASH_SIZE = 32;
function leafHash(leaf) {
  return sha256Bytes(Buffer.concat([Buffer.of(LEAF_PREFIX), leaf]));
}
var nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeInput[0] = NODE_PREFIX;
function nodeHash(left, right) {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) return sha256Bytes(Buffer.concat([Buffer.of(NODE_PREFIX), left, right]));
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return sha256Bytes(nodeInput);
}

// ledger/core/signed-note.ts
var ED25519_SIGNATURE_TYPE = 1;
var MAX_NOTE_SIGNATURES = 100;
var SIGNATURE_LINE_PREFIX = "— ";
var UNICODE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
var CONTROL = /[\u0000-\u001f\u007f]/;
var CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0009\u000b-\u001f]/;
var LONE_SURROGATE2 = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
var CANONICAL_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
var HEX_KEY_ID = /^[0-9a-fA-F]{8}$/;
function isValidKeyName(name) {
  return typeof name === "string" && name !== "" && !UNICODE_SPACE.test(name) && !name.includes("+") && !CONTROL.test(name) && !LONE_SURROGATE2.test(name);
}
function computeKeyHash(name, typedKey2) {
  return sha256Bytes(Buffer.concat([Buffer.from(`${name}
`, "utf8"), typedKey2])).readUInt32BE(0);
}
var Ed25519NoteVerifier = class {
  /** Requires a valid key name and a 32-byte public key; throws MALFORMED_INPUT otherwise. */
  constructor(name, publicKey) {
    this.name = name;
    this.publicKey = publicKey;
    if (!isValidKeyName(name)) throw malformed(`invalid key name ${JSON.stringify(String(name).slice(0, 80))}`);
    if (!(publicKey instanceof Uint8Array) || publicKey.length !== ED25519_KEY_SIZE) {
      throw malformed(`an Ed25519 public key has ${ED25519_KEY_SIZE} bytes`);
    }
    this.publicKey = Buffer.from(publicKey);
    this.keyHash = computeKeyHash(name, Buffer.concat([Buffer.of(ED25519_SIGNATURE_TYPE), publicKey]));
    try {
      this.check = ed25519Verifier(publicKey);
    } catch (cause) {
      throw new VerificationError("MALFORMED_INPUT", "not an Ed25519 public key", { cause });
    }
  }
  name;
  publicKey;
  keyHash;
  check;
  /** The verifier key string `<name>+<key ID hex>+<base64(0x01 || key)>` (c2sp.org/signed-note, "Verifier keys"). */
  get keyString() {
    return formatVerifierKey(this.name, this.publicKey);
  }
  /** True when `signature` is a valid Ed25519 signature of `message` by this key. */
  verify(message, signature) {
    return this.check(message, signature);
  }
  /** The key string, so a verifier prints as what configures it. */
  toString() {
    return this.keyString;
  }
};
function formatVerifierKey(name, publicKey) {
  const typed = Buffer.concat([Buffer.of(ED25519_SIGNATURE_TYPE), publicKey]);
  return `${name}+${hex32(computeKeyHash(name, typed))}+${typed.toString("base64")}`;
}
function parseVerifierKey(vkey) {
  if (typeof vkey !== "string") throw malformed("a verifier key is a string");
  const fields = cutFields(vkey, 3);
  if (!fields) throw malformed("a verifier key has the form <name>+<key id hex>+<base64 key>");
  const [name, id, key64] = fields;
  if (!isValidKeyName(name)) throw malformed(`verifier key has an invalid key name ${JSON.stringify(name.slice(0, 80))}`);
  if (!HEX_KEY_ID.test(id)) throw malformed(`verifier key ${name}: key ID must be 8 hex digits`);
  const typed = decodeCanonicalBase64(key64);
  if (!typed || typed.length === 0) throw malformed(`verifier key ${name}: key is not canonical base64`);
  if (computeKeyHash(name, typed) !== parseInt(id, 16)) throw malformed(`verifier key ${name}: key ID ${id} does not match the key`);
  if (typed[0] !== ED25519_SIGNATURE_TYPE) throw malformed(`verifier key ${name}: unsupported signature type 0x${hex8(typed[0])} (only Ed25519, 0x01)`);
  if (typed.length !== 1 + ED25519_KEY_SIZE) throw malformed(`verifier key ${name}: an Ed25519 key has ${ED25519_KEY_SIZE} bytes, got ${typed.length - 1}`);
  return new Ed25519NoteVerifier(name, typed.subarray(1));
}
function openNote(note, verifiers) {
  const { text: text2, signatures: lines } = parseNote(note);
  const known = verifierIndex(verifiers);
  const message = Buffer.from(text2, "utf8");
  const opened = { text: text2, signatures: [], unverifiedSignatures: [] };
  const seen = /* @__PURE__ */ new Set();
  const seenUnverified = /* @__PURE__ */ new Set();
  for (const { name, keyHash, base64, signature, lineNumber } of lines) {
    const key = indexKey(name, keyHash);
    const verifier = known.get(key);
    if (verifier === void 0) {
      const line = `${name} ${base64}`;
      if (!seenUnverified.has(line)) opened.unverifiedSignatures.push({ name, keyHash, base64 });
      seenUnverified.add(line);
      continue;
    }
    if (verifier === "ambiguous") throw new VerificationError("SIGNATURE_INVALID", `several different verifier keys are named ${name}+${hex32(keyHash)}`);
    if (seen.has(key)) continue;
    seen.add(key);
    if (!verifier.verify(message, signature)) {
      throw new VerificationError("SIGNATURE_INVALID", `invalid signature by key ${name}+${hex32(keyHash)} (signature line ${lineNumber})`);
    }
    opened.signatures.push({ name, keyHash, base64 });
  }
  if (opened.signatures.length === 0) {
    const by = opened.unverifiedSignatures.map((s) => `${s.name.slice(0, 80)}+${hex32(s.keyHash)}`).join(", ");
    throw new VerificationError("SIGNATURE_INVALID", `note has no signature by a trusted key (signed by: ${by})`);
  }
  return opened;
}
function parseNote(note) {
  const msg = typeof note === "string" ? note : decodeUtf8(note);
  checkNoteText(msg);
  const split = msg.lastIndexOf("\n\n");
  if (split < 0) throw malformed("note has no blank line before its signatures");
  const text2 = msg.slice(0, split + 1);
  return { text: text2, signatures: parseSignatureBlock(msg.slice(split + 2)) };
}
function parseSignatureBlock(block) {
  checkNoteText(block);
  if (block === "" || !block.endsWith("\n")) throw malformed("note must end with signature lines, each ending in a newline");
  const lines = block.slice(0, -1).split("\n");
  if (lines.length > MAX_NOTE_SIGNATURES) throw malformed(`note has ${lines.length} signature lines, more than ${MAX_NOTE_SIGNATURES}`);
  return lines.map((line, i) => ({ ...parseSignatureLine(line, i + 1), lineNumber: i + 1 }));
}
function decodeCanonicalBase64(text2) {
  if (text2.length % 4 !== 0 || !CANONICAL_BASE64.test(text2)) return null;
  const bytes = Buffer.from(text2, "base64");
  return bytes.toString("base64") === text2 ? bytes : null;
}
function cutFields(text2, count) {
  const fields = [];
  let rest = text2;
  for (let i = 0; i < count - 1; i++) {
    const at = rest.indexOf("+");
    if (at < 0) return null;
    fields.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  fields.push(rest);
  return fields;
}
function parseSignatureLine(line, lineNo) {
  if (!line.startsWith(SIGNATURE_LINE_PREFIX)) throw malformed(`signature line ${lineNo} does not start with an em dash and a space`);
  const rest = line.slice(SIGNATURE_LINE_PREFIX.length);
  const space = rest.indexOf(" ");
  if (space < 0) throw malformed(`signature line ${lineNo} has no space between key name and signature`);
  const name = rest.slice(0, space);
  const base64 = rest.slice(space + 1);
  if (!isValidKeyName(name)) throw malformed(`signature line ${lineNo} has an invalid key name`);
  const raw = decodeCanonicalBase64(base64);
  if (!raw || raw.length < 5) throw malformed(`signature line ${lineNo} does not carry base64 key ID and signature`);
  return { name, keyHash: raw.readUInt32BE(0), base64, signature: raw.subarray(4) };
}
function verifierIndex(verifiers) {
  if (!Array.isArray(verifiers)) throw malformed("verifiers must be an array");
  const index = /* @__PURE__ */ new Map();
  const keyStrings = /* @__PURE__ */ new Map();
  for (const v of verifiers) {
    const verifier = typeof v === "string" ? parseVerifierKey(v) : v;
    const key = indexKey(verifier.name, verifier.keyHash);
    const identity = verifier instanceof Ed25519NoteVerifier ? verifier.keyString : void 0;
    const prior = index.get(key);
    if (prior === void 0) {
      index.set(key, verifier);
      if (identity) keyStrings.set(key, identity);
    } else if (prior === verifier || identity !== void 0 && keyStrings.get(key) === identity) {
      continue;
    } else {
      index.set(key, "ambiguous");
    }
  }
  return index;
}
function checkNoteText(text2) {
  if (typeof text2 !== "string") throw malformed("a note is text");
  if (LONE_SURROGATE2.test(text2)) throw malformed("note is not valid UTF-8");
  if (CONTROL_EXCEPT_NEWLINE.test(text2)) throw malformed("note contains a control character other than newline");
}
function decodeUtf8(bytes) {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw malformed("note is not valid UTF-8");
  }
}
function indexKey(name, keyHash) {
  return `${name} ${keyHash}`;
}
function hex32(n) {
  return (n >>> 0).toString(16).padStart(8, "0");
}
function hex8(n) {
  return n.toString(16).padStart(2, "0");
}
function malformed(message) {
  return new VerificationError("MALFORMED_INPUT", message);
}

// ledger/core/checkpoint.ts
var DECIMAL = /^(0|[1-9][0-9]*)$/;
var CONTROL2 = /[\u0000-\u001f\u007f]/;
function parseCheckpointBody(text2) {
  if (typeof text2 !== "string") throw invalid2("checkpoint body must be text");
  if (!text2.endsWith("\n")) throw invalid2("checkpoint body must end with a newline");
  const lines = text2.slice(0, -1).split("\n");
  if (lines.length < 3) throw invalid2(`checkpoint body has ${lines.length} lines, needs origin, tree size and root hash`);
  const [origin, size, root, ...extensions] = lines;
  if (origin === "") throw invalid2("line 1 (origin) is empty");
  if (CONTROL2.test(text2.replace(/\n/g, ""))) throw invalid2("checkpoint body contains control characters");
  if (!DECIMAL.test(size)) throw invalid2(`line 2 (tree size) is not a decimal number without leading zeros: ${JSON.stringify(size.slice(0, 40))}`);
  const treeSize = Number(size);
  if (!Number.isSafeInteger(treeSize)) throw invalid2(`line 2 (tree size) ${size.slice(0, 40)} exceeds ${Number.MAX_SAFE_INTEGER}`);
  const rootHash = decodeCanonicalBase64(root);
  if (!rootHash) throw invalid2("line 3 (root hash) is not canonical base64");
  if (rootHash.length !== HASH_SIZE) throw invalid2(`line 3 (root hash) decodes to ${rootHash.length} bytes, want ${HASH_SIZE}`);
  extensions.forEach((line, i) => {
    if (line === "") throw invalid2(`line ${4 + i} (extension) is empty`);
  });
  return { origin, treeSize, rootHash, extensions };
}
function invalid2(message) {
  return new VerificationError("CHECKPOINT_INVALID", message);
}
function verifyCheckpoint(noteText, verifierKey, options = {}) {
  const verifier = typeof verifierKey === "string" ? parseVerifierKey(verifierKey) : verifierKey;
  const note = openNote(noteText, [verifier]);
  const checkpoint = parseCheckpointBody(note.text);
  if (options.origin !== void 0 && checkpoint.origin !== options.origin) {
    throw new VerificationError("CHECKPOINT_INVALID", `checkpoint origin ${JSON.stringify(checkpoint.origin.slice(0, 200))} is not the expected ${JSON.stringify(options.origin)}`);
  }
  return { ...checkpoint, note };
}

// ledger/core/merkle-verify.ts
var RootMismatchError = class extends VerificationError {
  constructor(message, expected, computed) {
    super("PROOF_MISMATCH", message, { details: { expected, computed } });
    this.expected = expected;
    this.computed = computed;
  }
  expected;
  computed;
};
function verifyInclusion(leafHash2, leafIndex, treeSize, proof, root) {
  checkHash(root, "root");
  const calculated = rootFromInclusionProof(leafHash2, leafIndex, treeSize, proof);
  if (!calculated.equals(root)) {
    throw new RootMismatchError(`inclusion proof of leaf ${leafIndex} in a tree of ${treeSize} leads to root ${hex(calculated)}, not the expected root ${hex(root)}`, hex(root), hex(calculated));
  }
}
function rootFromInclusionProof(leafHash2, leafIndex, treeSize, proof) {
  const index = toCount(leafIndex, "leaf index");
  const size = toCount(treeSize, "tree size");
  checkHash(leafHash2, "leaf hash");
  checkProof(proof);
  if (index >= size) throw mismatch(`leaf index ${leafIndex} is beyond the tree size ${treeSize}`);
  const want = inclusionProofLength(index, size);
  if (proof.length !== want) {
    throw mismatch(`wrong inclusion proof length ${proof.length}, want ${want} for leaf ${leafIndex} in a tree of ${treeSize}`);
  }
  let fn = index;
  let sn = size - 1n;
  let r = Buffer.from(leafHash2);
  for (const p of proof) {
    if (sn === 0n) throw mismatch("inclusion proof is longer than the path to the root");
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw mismatch("inclusion proof is shorter than the path to the root");
  return r;
}
function verifyConsistency(size1, size2, proof, root1, root2) {
  const first = toCount(size1, "old tree size");
  const second = toCount(size2, "new tree size");
  checkHash(root1, "old root");
  checkHash(root2, "new root");
  checkProof(proof);
  if (second < first) throw mismatch(`new tree size ${size2} is smaller than old tree size ${size1}`);
  if (first === 0n) throw mismatch("a consistency proof from the empty tree is meaningless (RFC 9162 section 2.1.4)");
  if (first === second) {
    if (proof.length !== 0) throw mismatch(`trees of equal size ${size1} need an empty consistency proof, got ${proof.length} hashes`);
    if (!Buffer.from(root1).equals(root2)) throw new RootMismatchError(`trees of equal size ${size1} have different roots ${hex(root1)} and ${hex(root2)}`, hex(root1), hex(root2));
    return;
  }
  if (proof.length === 0) throw mismatch(`empty consistency proof between different tree sizes ${size1} and ${size2}`);
  const want = consistencyProofLength(first, second);
  if (proof.length !== want) {
    throw mismatch(`wrong consistency proof length ${proof.length}, want ${want} from tree size ${size1} to ${size2}`);
  }
  const path = isPowerOfTwo(first) ? [root1, ...proof] : [...proof];
  let fn = first - 1n;
  let sn = second - 1n;
  while (isOdd(fn)) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = Buffer.from(path[0]);
  let sr = Buffer.from(path[0]);
  for (const c of path.slice(1)) {
    if (sn === 0n) throw mismatch("consistency proof is longer than the path to the root");
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw mismatch("consistency proof is shorter than the path to the root");
  if (!fr.equals(root1)) {
    throw new RootMismatchError(`consistency proof from ${size1} to ${size2} leads to old root ${hex(fr)}, not the expected ${hex(root1)}`, hex(root1), hex(fr));
  }
  if (!sr.equals(root2)) {
    throw new RootMismatchError(`consistency proof from ${size1} to ${size2} leads to new root ${hex(sr)}, not the expected ${hex(root2)}`, hex(root2), hex(sr));
  }
}
function inclusionProofLength(index, size) {
  const inner = bitLength(index ^ size - 1n);
  return inner + popCount(index >> BigInt(inner));
}
function consistencyProofLength(size1, size2) {
  const fork = bitLength(size1 - 1n ^ size2 - 1n);
  const border = popCount(size1 - 1n >> BigInt(fork));
  const shift = trailingZeros(size1);
  return (isPowerOfTwo(size1) ? 0 : 1) + (fork - shift) + border;
}
function toCount(value, what) {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new VerificationError("MALFORMED_INPUT", `${what} must be a non-negative safe integer, got ${typeof value === "number" ? String(value) : typeof value}`);
  }
  return BigInt(value);
}
function checkHash(hash2, what) {
  if (!(hash2 instanceof Uint8Array)) throw new VerificationError("MALFORMED_INPUT", `${what} must be bytes, got ${typeof hash2}`);
  if (hash2.length !== HASH_SIZE) throw new VerificationError("MALFORMED_INPUT", `${what} has ${hash2.length} bytes, want ${HASH_SIZE}`);
}
function checkProof(proof) {
  if (!Array.isArray(proof)) throw new VerificationError("MALFORMED_INPUT", "proof must be an array of hashes");
  proof.forEach((h, i) => checkHash(h, `proof[${i}]`));
}
function mismatch(message) {
  return new VerificationError("PROOF_MISMATCH", message);
}
function isOdd(n) {
  return (n & 1n) === 1n;
}
function isPowerOfTwo(n) {
  return n > 0n && (n & n - 1n) === 0n;
}
function bitLength(n) {
  return n === 0n ? 0 : n.toString(2).length;
}
function popCount(n) {
  let count = 0;
  for (const digit of n.toString(2)) if (digit === "1") count++;
  return count;
}
function trailingZeros(n) {
  let count = 0;
  for (let m = n; m > 0n && !isOdd(m); m >>= 1n) count++;
  return count;
}
function hex(bytes) {
  return Buffer.from(bytes).toString("hex");
}

// precompiled:validators
var v0 = validate20;
var schema31 = { "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://synthledger.dev/schemas/paper-manifest-v1.1.json", "title": "paper-manifest-v1.1", "type": "object", "additionalProperties": false, "required": ["contract", "manifestVersion", "synthesisId", "previousManifestHash", "title", "researchQuestion", "publishedAt", "publisher", "pipeline", "workflow", "review", "verification", "qualityTier", "qualityDimensions", "claims", "sources", "correction", "provenance", "artifacts", "ledger"], "properties": { "contract": { "const": "paper-manifest-v1.1" }, "manifestVersion": { "type": "integer", "minimum": 1 }, "synthesisId": { "type": "string", "minLength": 1, "maxLength": 200 }, "previousManifestHash": { "anyOf": [{ "type": "string", "pattern": "^sha256:[0-9a-f]{64}$" }, { "type": "null" }] }, "title": { "type": "string", "minLength": 1, "maxLength": 1e3 }, "researchQuestion": { "type": "string", "minLength": 1, "maxLength": 2e3 }, "publishedAt": { "type": "string", "format": "date-time" }, "publisher": { "type": "string", "minLength": 1, "maxLength": 300 }, "pipeline": { "type": "object", "additionalProperties": false, "required": ["name", "version", "configHash", "parameters", "providers"], "properties": { "name": { "type": "string", "minLength": 1, "maxLength": 100 }, "version": { "type": "string", "minLength": 1, "maxLength": 50 }, "configHash": { "type": "string", "pattern": "^sha256:[0-9a-f]{64}$" }, "parameters": { "type": "object", "additionalProperties": false, "required": ["queries", "topK", "tfidfNgrams", "threshold", "embeddingModel", "embeddingDim", "tribunalRoles", "revisionThreshold", "maxRounds", "source"], "properties": { "queries": { "type": "integer", "minimum": 1 }, "topK": { "type": "integer", "minimum": 1 }, "tfidfNgrams": { "type": "array", "items": { "type": "integer", "minimum": 1 }, "minItems": 1 }, "threshold": { "type": "number", "minimum": 0, "maximum": 1 }, "embeddingModel": { "type": "string", "minLength": 1, "maxLength": 200 }, "embeddingDim": { "type": "integer", "minimum": 1 }, "tribunalRoles": { "type": "array", "items": { "type": "string", "enum": ["SKEPTIC", "VALIDATOR", "SYNTHESIZER"] } }, "revisionThreshold": { "type": "number", "minimum": 0, "maximum": 10 }, "maxRounds": { "type": "integer", "minimum": 0, "maximum": 2 }, "source": { "type": "string", "minLength": 1, "maxLength": 100 } } }, "providers": { "type": "array", "items": { "type": "object", "additionalProperties": false, "required": ["role", "provider", "model", "deterministic"], "properties": { "role": { "type": "string", "minLength": 1, "maxLength": 100 }, "provider": { "type": "string", "minLength": 1, "maxLength": 100 }, "model": { "type": "string", "minLength": 1, "maxLength": 200 }, "deterministic": { "type": "boolean" } } } } } }, "workflow": { "type": "object", "additionalProperties": false, "required": ["namespace", "workflowId", "runId", "taskQueue", "historyDigest"], "properties": { "namespace": { "type": "string", "minLength": 1, "maxLength": 200 }, "workflowId": { "type": "string", "minLength": 1, "maxLength": 200 }, "runId": { "type": "string", "minLength": 1, "maxLength": 200 }, "taskQueue": { "type": "string", "minLength": 1, "maxLength": 200 }, "historyDigest": { "type": "object", "additionalProperties": false, "required": ["lastEventId", "sha256"], "properties": { "lastEventId": { "type": "integer", "minimum": 1 }, "sha256": { "type": "string", "pattern": "^sha256:[0-9a-f]{64}$" } } } } }, "review": { "type": "object", "additionalProperties": false, "required": ["score", "method", "roles", "revisionRounds", "decision", "policy"], "properties": { "score": { "type": "number", "minimum": 0, "maximum": 10 }, "method": { "type": "string", "minLength": 1, "maxLength": 300 }, "roles": { "type": "array", "items": { "type": "object", "additionalProperties": false, "required": ["role", "score", "verdict", "recordHash"], "properties": { "role": { "type": "string", "enum": ["SKEPTIC", "VALIDATOR", "SYNTHESIZER"] }, "score": { "type": "number", "minimum": 0, "maximum": 10 }, "verdict": { "type": "string", "minLength": 1, "maxLength": 50 }, "recordHash": { "type": "string", "pattern": "^sha256:[0-9a-f]{64}$" } } } }, "revisionRounds": { "type": "integer", "minimum": 0 }, "decision": { "type": "string", "enum": ["AUTO_APPROVE", "HUMAN_APPROVED", "HUMAN_REJECTED", "TIMEOUT_APPROVED", "TIMEOUT_REJECTED", "REJECT"] }, "policy": { "type": "object", "additionalProperties": false, "required": ["name", "configHash", "outcome"], "properties": { "name": { "type": "string", "minLength": 1, "maxLength": 100 }, "configHash": { "type": "string", "pattern": "^sha256:[0-9a-f]{64}$" }, "outcome": { "type": "string", "enum": ["AUTO_APPROVE", "HUMAN_REVIEW", "REJECT"] }, "reviewer": { "type": ["string", "null"], "maxLength": 300 }, "note": { "type": ["string", "null"], "maxLength": 5e3 } } } } }, "verification": { "type": "object", "additionalProperties": false, "required": ["level", "label", "claimsExtracted", "claimsVerified", "threshold"], "properties": { "level": { "type": "string", "enum": ["L0", "L1", "L2", "L3", "L4"] }, "label": { "type": "string", "minLength": 1, "maxLength": 200 }, "claimsExtracted": { "type": "integer", "minimum": 0 }, "claimsVerified": { "type": "integer", "minimum": 0 }, "threshold": { "type": "number", "minimum": 0, "maximum": 1 }, "answer": { "type": "object", "additionalProperties": false, "required": ["sentences", "supported", "unsupported", "methods"], "properties": { "sentences": { "type": "integer", "minimum": 0 }, "supported": { "type": "integer", "minimum": 0 }, "unsupported": { "type": "integer", "minimum": 0 }, "methods": { "type": "array", "items": { "type": "string", "minLength": 1, "maxLength": 200 }, "minItems": 1 } } } } }, "qualityTier": { "type": "object", "additionalProperties": false, "required": ["tier", "basis"], "properties": { "tier": { "type": "string", "enum": ["DOI-grade", "Watchlist", "Withdrawn"] }, "basis": { "type": "string", "minLength": 1, "maxLength": 2e3 } } }, "qualityDimensions": { "type": "object", "additionalProperties": false, "required": ["evidenceStrength", "citationGrounding", "uncertaintyDisclosure", "reproducibilityStatus"], "properties": { "evidenceStrength": { "type": "string", "enum": ["LOW", "MEDIUM", "HIGH"] }, "citationGrounding": { "type": "string", "enum": ["LOW", "MEDIUM", "HIGH"] }, "uncertaintyDisclosure": { "type": "string", "enum": ["LOW", "MEDIUM", "HIGH"] }, "reproducibilityStatus": { "type": "string", "enum": ["LOW", "MEDIUM", "HIGH"] } } }, "claims": { "type": "array", "items": { "type": "object", "additionalProperties": false, "required": ["claimId", "text", "verified", "confidence", "sourceIds", "recordHash"], "properties": { "claimId": { "type": "string", "minLength": 1, "maxLength": 200 }, "text": { "type": "string", "minLength": 1, "maxLength": 5e3 }, "verified": { "type": "boolean" }, "confidence": { "type": "number", "minimum": 0, "maximum": 1 }, "sourceIds": { "type": "array", "items": { "type": "string", "minLength": 1, "maxLength": 300 }, "minItems": 1 }, "recordHash": { "type": "string", "pattern": "^sha256:[0-9a-f]{64}$" } } } }, "sources": { "type": "array", "items": { "type": "object", "additionalProperties": false, "required": ["sourceId", "provenanceHash"], "properties": { "sourceId": { "type": "string", "minLength": 1, "maxLength": 300 }, "provenanceHash": { "type": "string", "pattern": "^sha256:[0-9a-f]{64}$" } } } }, "correction": { "type": "object", "additionalProperties": false, "required": ["status", "count", "contract", "records"], "properties": { "status": { "type": "string", "enum": ["CURRENT", "CORRECTED", "UNDER_CONCERN", "RETRACTED", "WITHDRAWN"] }, "count": { "type": "integer", "minimum": 0 }, "contract": { "const": "correction-record-v1" }, "records": { "type": "array", "items": { "type": "string", "pattern": "^sha256:[0-9a-f]{64}$" } } } }, "provenance": { "type": "object", "additionalProperties": false, "required": ["publicLevel", "label", "contract", "claimLineage", "reviewMethod", "externalRecord"], "properties": { "publicLevel": { "type": "string", "enum": ["L1", "L2", "L3", "L4"] }, "label": { "type": "string", "minLength": 1, "maxLength": 200 }, "contract": { "const": "source-provenance-v1" }, "claimLineage": { "type": "string", "minLength": 1, "maxLength": 500 }, "reviewMethod": { "type": "string", "minLength": 1, "maxLength": 300 }, "externalRecord": { "type": ["string", "null"], "maxLength": 500 } } }, "artifacts": { "type": "array", "minItems": 1, "items": { "type": "object", "additionalProperties": false, "required": ["name", "mediaType", "bytes", "sha256"], "properties": { "name": { "type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[A-Za-z0-9._-]+$" }, "mediaType": { "type": "string", "minLength": 1, "maxLength": 100 }, "bytes": { "type": "integer", "minimum": 0 }, "sha256": { "type": "string", "pattern": "^sha256:[0-9a-f]{64}$" } } } }, "ledger": { "type": "object", "additionalProperties": false, "required": ["logOrigin", "streamHead", "entryCount"], "properties": { "logOrigin": { "type": "string", "minLength": 1, "maxLength": 300 }, "streamHead": { "type": "string", "pattern": "^sha256:[0-9a-f]{64}$" }, "entryCount": { "type": "integer", "minimum": 1 } } }, "accounting": { "type": "object", "additionalProperties": false, "required": ["durationMs", "tokens"], "properties": { "durationMs": { "type": "integer", "minimum": 0 }, "tokens": { "type": "object", "additionalProperties": { "type": "object", "additionalProperties": false, "required": ["input", "output"], "properties": { "input": { "type": "integer", "minimum": 0 }, "output": { "type": "integer", "minimum": 0 } } } } } } } };
var func1 = Object.prototype.hasOwnProperty;
var func2 = require_ucs2length().default;
var pattern4 = new RegExp("^sha256:[0-9a-f]{64}$", "u");
var pattern12 = new RegExp("^[A-Za-z0-9._-]+$", "u");
var formats0 = require_formats().fullFormats["date-time"];
function validate20(data, { instancePath = "", parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {}) {
  ;
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate20.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = void 0;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = void 0;
  }
  if (data && typeof data == "object" && !Array.isArray(data)) {
    if (data.contract === void 0) {
      const err0 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "contract" }, message: "must have required property 'contract'" };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    if (data.manifestVersion === void 0) {
      const err1 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "manifestVersion" }, message: "must have required property 'manifestVersion'" };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
    }
    if (data.synthesisId === void 0) {
      const err2 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "synthesisId" }, message: "must have required property 'synthesisId'" };
      if (vErrors === null) {
        vErrors = [err2];
      } else {
        vErrors.push(err2);
      }
      errors++;
    }
    if (data.previousManifestHash === void 0) {
      const err3 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "previousManifestHash" }, message: "must have required property 'previousManifestHash'" };
      if (vErrors === null) {
        vErrors = [err3];
      } else {
        vErrors.push(err3);
      }
      errors++;
    }
    if (data.title === void 0) {
      const err4 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "title" }, message: "must have required property 'title'" };
      if (vErrors === null) {
        vErrors = [err4];
      } else {
        vErrors.push(err4);
      }
      errors++;
    }
    if (data.researchQuestion === void 0) {
      const err5 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "researchQuestion" }, message: "must have required property 'researchQuestion'" };
      if (vErrors === null) {
        vErrors = [err5];
      } else {
        vErrors.push(err5);
      }
      errors++;
    }
    if (data.publishedAt === void 0) {
      const err6 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "publishedAt" }, message: "must have required property 'publishedAt'" };
      if (vErrors === null) {
        vErrors = [err6];
      } else {
        vErrors.push(err6);
      }
      errors++;
    }
    if (data.publisher === void 0) {
      const err7 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "publisher" }, message: "must have required property 'publisher'" };
      if (vErrors === null) {
        vErrors = [err7];
      } else {
        vErrors.push(err7);
      }
      errors++;
    }
    if (data.pipeline === void 0) {
      const err8 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "pipeline" }, message: "must have required property 'pipeline'" };
      if (vErrors === null) {
        vErrors = [err8];
      } else {
        vErrors.push(err8);
      }
      errors++;
    }
    if (data.workflow === void 0) {
      const err9 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "workflow" }, message: "must have required property 'workflow'" };
      if (vErrors === null) {
        vErrors = [err9];
      } else {
        vErrors.push(err9);
      }
      errors++;
    }
    if (data.review === void 0) {
      const err10 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "review" }, message: "must have required property 'review'" };
      if (vErrors === null) {
        vErrors = [err10];
      } else {
        vErrors.push(err10);
      }
      errors++;
    }
    if (data.verification === void 0) {
      const err11 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "verification" }, message: "must have required property 'verification'" };
      if (vErrors === null) {
        vErrors = [err11];
      } else {
        vErrors.push(err11);
      }
      errors++;
    }
    if (data.qualityTier === void 0) {
      const err12 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "qualityTier" }, message: "must have required property 'qualityTier'" };
      if (vErrors === null) {
        vErrors = [err12];
      } else {
        vErrors.push(err12);
      }
      errors++;
    }
    if (data.qualityDimensions === void 0) {
      const err13 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "qualityDimensions" }, message: "must have required property 'qualityDimensions'" };
      if (vErrors === null) {
        vErrors = [err13];
      } else {
        vErrors.push(err13);
      }
      errors++;
    }
    if (data.claims === void 0) {
      const err14 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "claims" }, message: "must have required property 'claims'" };
      if (vErrors === null) {
        vErrors = [err14];
      } else {
        vErrors.push(err14);
      }
      errors++;
    }
    if (data.sources === void 0) {
      const err15 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "sources" }, message: "must have required property 'sources'" };
      if (vErrors === null) {
        vErrors = [err15];
      } else {
        vErrors.push(err15);
      }
      errors++;
    }
    if (data.correction === void 0) {
      const err16 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "correction" }, message: "must have required property 'correction'" };
      if (vErrors === null) {
        vErrors = [err16];
      } else {
        vErrors.push(err16);
      }
      errors++;
    }
    if (data.provenance === void 0) {
      const err17 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "provenance" }, message: "must have required property 'provenance'" };
      if (vErrors === null) {
        vErrors = [err17];
      } else {
        vErrors.push(err17);
      }
      errors++;
    }
    if (data.artifacts === void 0) {
      const err18 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "artifacts" }, message: "must have required property 'artifacts'" };
      if (vErrors === null) {
        vErrors = [err18];
      } else {
        vErrors.push(err18);
      }
      errors++;
    }
    if (data.ledger === void 0) {
      const err19 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "ledger" }, message: "must have required property 'ledger'" };
      if (vErrors === null) {
        vErrors = [err19];
      } else {
        vErrors.push(err19);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!func1.call(schema31.properties, key0)) {
        const err20 = { instancePath, schemaPath: "#/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key0 }, message: "must NOT have additional properties" };
        if (vErrors === null) {
          vErrors = [err20];
        } else {
          vErrors.push(err20);
        }
        errors++;
      }
    }
    if (data.contract !== void 0) {
      if ("paper-manifest-v1.1" !== data.contract) {
        const err21 = { instancePath: instancePath + "/contract", schemaPath: "#/properties/contract/const", keyword: "const", params: { allowedValue: "paper-manifest-v1.1" }, message: "must be equal to constant" };
        if (vErrors === null) {
          vErrors = [err21];
        } else {
          vErrors.push(err21);
        }
        errors++;
      }
    }
    if (data.manifestVersion !== void 0) {
      let data1 = data.manifestVersion;
      if (!(typeof data1 == "number" && (!(data1 % 1) && !isNaN(data1)) && isFinite(data1))) {
        const err22 = { instancePath: instancePath + "/manifestVersion", schemaPath: "#/properties/manifestVersion/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
        if (vErrors === null) {
          vErrors = [err22];
        } else {
          vErrors.push(err22);
        }
        errors++;
      }
      if (typeof data1 == "number" && isFinite(data1)) {
        if (data1 < 1 || isNaN(data1)) {
          const err23 = { instancePath: instancePath + "/manifestVersion", schemaPath: "#/properties/manifestVersion/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1" };
          if (vErrors === null) {
            vErrors = [err23];
          } else {
            vErrors.push(err23);
          }
          errors++;
        }
      }
    }
    if (data.synthesisId !== void 0) {
      let data2 = data.synthesisId;
      if (typeof data2 === "string") {
        if (func2(data2) > 200) {
          const err24 = { instancePath: instancePath + "/synthesisId", schemaPath: "#/properties/synthesisId/maxLength", keyword: "maxLength", params: { limit: 200 }, message: "must NOT have more than 200 characters" };
          if (vErrors === null) {
            vErrors = [err24];
          } else {
            vErrors.push(err24);
          }
          errors++;
        }
        if (func2(data2) < 1) {
          const err25 = { instancePath: instancePath + "/synthesisId", schemaPath: "#/properties/synthesisId/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
          if (vErrors === null) {
            vErrors = [err25];
          } else {
            vErrors.push(err25);
          }
          errors++;
        }
      } else {
        const err26 = { instancePath: instancePath + "/synthesisId", schemaPath: "#/properties/synthesisId/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err26];
        } else {
          vErrors.push(err26);
        }
        errors++;
      }
    }
    if (data.previousManifestHash !== void 0) {
      let data3 = data.previousManifestHash;
      const _errs8 = errors;
      let valid1 = false;
      const _errs9 = errors;
      if (typeof data3 === "string") {
        if (!pattern4.test(data3)) {
          const err27 = { instancePath: instancePath + "/previousManifestHash", schemaPath: "#/properties/previousManifestHash/anyOf/0/pattern", keyword: "pattern", params: { pattern: "^sha256:[0-9a-f]{64}$" }, message: 'must match pattern "^sha256:[0-9a-f]{64}$"' };
          if (vErrors === null) {
            vErrors = [err27];
          } else {
            vErrors.push(err27);
          }
          errors++;
        }
      } else {
        const err28 = { instancePath: instancePath + "/previousManifestHash", schemaPath: "#/properties/previousManifestHash/anyOf/0/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err28];
        } else {
          vErrors.push(err28);
        }
        errors++;
      }
      var _valid0 = _errs9 === errors;
      valid1 = valid1 || _valid0;
      const _errs11 = errors;
      if (data3 !== null) {
        const err29 = { instancePath: instancePath + "/previousManifestHash", schemaPath: "#/properties/previousManifestHash/anyOf/1/type", keyword: "type", params: { type: "null" }, message: "must be null" };
        if (vErrors === null) {
          vErrors = [err29];
        } else {
          vErrors.push(err29);
        }
        errors++;
      }
      var _valid0 = _errs11 === errors;
      valid1 = valid1 || _valid0;
      if (!valid1) {
        const err30 = { instancePath: instancePath + "/previousManifestHash", schemaPath: "#/properties/previousManifestHash/anyOf", keyword: "anyOf", params: {}, message: "must match a schema in anyOf" };
        if (vErrors === null) {
          vErrors = [err30];
        } else {
          vErrors.push(err30);
        }
        errors++;
      } else {
        errors = _errs8;
        if (vErrors !== null) {
          if (_errs8) {
            vErrors.length = _errs8;
          } else {
            vErrors = null;
          }
        }
      }
    }
    if (data.title !== void 0) {
      let data4 = data.title;
      if (typeof data4 === "string") {
        if (func2(data4) > 1e3) {
          const err31 = { instancePath: instancePath + "/title", schemaPath: "#/properties/title/maxLength", keyword: "maxLength", params: { limit: 1e3 }, message: "must NOT have more than 1000 characters" };
          if (vErrors === null) {
            vErrors = [err31];
          } else {
            vErrors.push(err31);
          }
          errors++;
        }
        if (func2(data4) < 1) {
          const err32 = { instancePath: instancePath + "/title", schemaPath: "#/properties/title/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
          if (vErrors === null) {
            vErrors = [err32];
          } else {
            vErrors.push(err32);
          }
          errors++;
        }
      } else {
        const err33 = { instancePath: instancePath + "/title", schemaPath: "#/properties/title/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err33];
        } else {
          vErrors.push(err33);
        }
        errors++;
      }
    }
    if (data.researchQuestion !== void 0) {
      let data5 = data.researchQuestion;
      if (typeof data5 === "string") {
        if (func2(data5) > 2e3) {
          const err34 = { instancePath: instancePath + "/researchQuestion", schemaPath: "#/properties/researchQuestion/maxLength", keyword: "maxLength", params: { limit: 2e3 }, message: "must NOT have more than 2000 characters" };
          if (vErrors === null) {
            vErrors = [err34];
          } else {
            vErrors.push(err34);
          }
          errors++;
        }
        if (func2(data5) < 1) {
          const err35 = { instancePath: instancePath + "/researchQuestion", schemaPath: "#/properties/researchQuestion/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
          if (vErrors === null) {
            vErrors = [err35];
          } else {
            vErrors.push(err35);
          }
          errors++;
        }
      } else {
        const err36 = { instancePath: instancePath + "/researchQuestion", schemaPath: "#/properties/researchQuestion/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err36];
        } else {
          vErrors.push(err36);
        }
        errors++;
      }
    }
    if (data.publishedAt !== void 0) {
      let data6 = data.publishedAt;
      if (typeof data6 === "string") {
        if (!formats0.validate(data6)) {
          const err37 = { instancePath: instancePath + "/publishedAt", schemaPath: "#/properties/publishedAt/format", keyword: "format", params: { format: "date-time" }, message: 'must match format "date-time"' };
          if (vErrors === null) {
            vErrors = [err37];
          } else {
            vErrors.push(err37);
          }
          errors++;
        }
      } else {
        const err38 = { instancePath: instancePath + "/publishedAt", schemaPath: "#/properties/publishedAt/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err38];
        } else {
          vErrors.push(err38);
        }
        errors++;
      }
    }
    if (data.publisher !== void 0) {
      let data7 = data.publisher;
      if (typeof data7 === "string") {
        if (func2(data7) > 300) {
          const err39 = { instancePath: instancePath + "/publisher", schemaPath: "#/properties/publisher/maxLength", keyword: "maxLength", params: { limit: 300 }, message: "must NOT have more than 300 characters" };
          if (vErrors === null) {
            vErrors = [err39];
          } else {
            vErrors.push(err39);
          }
          errors++;
        }
        if (func2(data7) < 1) {
          const err40 = { instancePath: instancePath + "/publisher", schemaPath: "#/properties/publisher/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
          if (vErrors === null) {
            vErrors = [err40];
          } else {
            vErrors.push(err40);
          }
          errors++;
        }
      } else {
        const err41 = { instancePath: instancePath + "/publisher", schemaPath: "#/properties/publisher/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err41];
        } else {
          vErrors.push(err41);
        }
        errors++;
      }
    }
    if (data.pipeline !== void 0) {
      let data8 = data.pipeline;
      if (data8 && typeof data8 == "object" && !Array.isArray(data8)) {
        if (data8.name === void 0) {
          const err42 = { instancePath: instancePath + "/pipeline", schemaPath: "#/properties/pipeline/required", keyword: "required", params: { missingProperty: "name" }, message: "must have required property 'name'" };
          if (vErrors === null) {
            vErrors = [err42];
          } else {
            vErrors.push(err42);
          }
          errors++;
        }
        if (data8.version === void 0) {
          const err43 = { instancePath: instancePath + "/pipeline", schemaPath: "#/properties/pipeline/required", keyword: "required", params: { missingProperty: "version" }, message: "must have required property 'version'" };
          if (vErrors === null) {
            vErrors = [err43];
          } else {
            vErrors.push(err43);
          }
          errors++;
        }
        if (data8.configHash === void 0) {
          const err44 = { instancePath: instancePath + "/pipeline", schemaPath: "#/properties/pipeline/required", keyword: "required", params: { missingProperty: "configHash" }, message: "must have required property 'configHash'" };
          if (vErrors === null) {
            vErrors = [err44];
          } else {
            vErrors.push(err44);
          }
          errors++;
        }
        if (data8.parameters === void 0) {
          const err45 = { instancePath: instancePath + "/pipeline", schemaPath: "#/properties/pipeline/required", keyword: "required", params: { missingProperty: "parameters" }, message: "must have required property 'parameters'" };
          if (vErrors === null) {
            vErrors = [err45];
          } else {
            vErrors.push(err45);
          }
          errors++;
        }
        if (data8.providers === void 0) {
          const err46 = { instancePath: instancePath + "/pipeline", schemaPath: "#/properties/pipeline/required", keyword: "required", params: { missingProperty: "providers" }, message: "must have required property 'providers'" };
          if (vErrors === null) {
            vErrors = [err46];
          } else {
            vErrors.push(err46);
          }
          errors++;
        }
        for (const key1 in data8) {
          if (!(key1 === "name" || key1 === "version" || key1 === "configHash" || key1 === "parameters" || key1 === "providers")) {
            const err47 = { instancePath: instancePath + "/pipeline", schemaPath: "#/properties/pipeline/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key1 }, message: "must NOT have additional properties" };
            if (vErrors === null) {
              vErrors = [err47];
            } else {
              vErrors.push(err47);
            }
            errors++;
          }
        }
        if (data8.name !== void 0) {
          let data9 = data8.name;
          if (typeof data9 === "string") {
            if (func2(data9) > 100) {
              const err48 = { instancePath: instancePath + "/pipeline/name", schemaPath: "#/properties/pipeline/properties/name/maxLength", keyword: "maxLength", params: { limit: 100 }, message: "must NOT have more than 100 characters" };
              if (vErrors === null) {
                vErrors = [err48];
              } else {
                vErrors.push(err48);
              }
              errors++;
            }
            if (func2(data9) < 1) {
              const err49 = { instancePath: instancePath + "/pipeline/name", schemaPath: "#/properties/pipeline/properties/name/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
              if (vErrors === null) {
                vErrors = [err49];
              } else {
                vErrors.push(err49);
              }
              errors++;
            }
          } else {
            const err50 = { instancePath: instancePath + "/pipeline/name", schemaPath: "#/properties/pipeline/properties/name/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err50];
            } else {
              vErrors.push(err50);
            }
            errors++;
          }
        }
        if (data8.version !== void 0) {
          let data10 = data8.version;
          if (typeof data10 === "string") {
            if (func2(data10) > 50) {
              const err51 = { instancePath: instancePath + "/pipeline/version", schemaPath: "#/properties/pipeline/properties/version/maxLength", keyword: "maxLength", params: { limit: 50 }, message: "must NOT have more than 50 characters" };
              if (vErrors === null) {
                vErrors = [err51];
              } else {
                vErrors.push(err51);
              }
              errors++;
            }
            if (func2(data10) < 1) {
              const err52 = { instancePath: instancePath + "/pipeline/version", schemaPath: "#/properties/pipeline/properties/version/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
              if (vErrors === null) {
                vErrors = [err52];
              } else {
                vErrors.push(err52);
              }
              errors++;
            }
          } else {
            const err53 = { instancePath: instancePath + "/pipeline/version", schemaPath: "#/properties/pipeline/properties/version/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err53];
            } else {
              vErrors.push(err53);
            }
            errors++;
          }
        }
        if (data8.configHash !== void 0) {
          let data11 = data8.configHash;
          if (typeof data11 === "string") {
            if (!pattern4.test(data11)) {
              const err54 = { instancePath: instancePath + "/pipeline/configHash", schemaPath: "#/properties/pipeline/properties/configHash/pattern", keyword: "pattern", params: { pattern: "^sha256:[0-9a-f]{64}$" }, message: 'must match pattern "^sha256:[0-9a-f]{64}$"' };
              if (vErrors === null) {
                vErrors = [err54];
              } else {
                vErrors.push(err54);
              }
              errors++;
            }
          } else {
            const err55 = { instancePath: instancePath + "/pipeline/configHash", schemaPath: "#/properties/pipeline/properties/configHash/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err55];
            } else {
              vErrors.push(err55);
            }
            errors++;
          }
        }
        if (data8.parameters !== void 0) {
          let data12 = data8.parameters;
          if (data12 && typeof data12 == "object" && !Array.isArray(data12)) {
            if (data12.queries === void 0) {
              const err56 = { instancePath: instancePath + "/pipeline/parameters", schemaPath: "#/properties/pipeline/properties/parameters/required", keyword: "required", params: { missingProperty: "queries" }, message: "must have required property 'queries'" };
              if (vErrors === null) {
                vErrors = [err56];
              } else {
                vErrors.push(err56);
              }
              errors++;
            }
            if (data12.topK === void 0) {
              const err57 = { instancePath: instancePath + "/pipeline/parameters", schemaPath: "#/properties/pipeline/properties/parameters/required", keyword: "required", params: { missingProperty: "topK" }, message: "must have required property 'topK'" };
              if (vErrors === null) {
                vErrors = [err57];
              } else {
                vErrors.push(err57);
              }
              errors++;
            }
            if (data12.tfidfNgrams === void 0) {
              const err58 = { instancePath: instancePath + "/pipeline/parameters", schemaPath: "#/properties/pipeline/properties/parameters/required", keyword: "required", params: { missingProperty: "tfidfNgrams" }, message: "must have required property 'tfidfNgrams'" };
              if (vErrors === null) {
                vErrors = [err58];
              } else {
                vErrors.push(err58);
              }
              errors++;
            }
            if (data12.threshold === void 0) {
              const err59 = { instancePath: instancePath + "/pipeline/parameters", schemaPath: "#/properties/pipeline/properties/parameters/required", keyword: "required", params: { missingProperty: "threshold" }, message: "must have required property 'threshold'" };
              if (vErrors === null) {
                vErrors = [err59];
              } else {
                vErrors.push(err59);
              }
              errors++;
            }
            if (data12.embeddingModel === void 0) {
              const err60 = { instancePath: instancePath + "/pipeline/parameters", schemaPath: "#/properties/pipeline/properties/parameters/required", keyword: "required", params: { missingProperty: "embeddingModel" }, message: "must have required property 'embeddingModel'" };
              if (vErrors === null) {
                vErrors = [err60];
              } else {
                vErrors.push(err60);
              }
              errors++;
            }
            if (data12.embeddingDim === void 0) {
              const err61 = { instancePath: instancePath + "/pipeline/parameters", schemaPath: "#/properties/pipeline/properties/parameters/required", keyword: "required", params: { missingProperty: "embeddingDim" }, message: "must have required property 'embeddingDim'" };
              if (vErrors === null) {
                vErrors = [err61];
              } else {
                vErrors.push(err61);
              }
              errors++;
            }
            if (data12.tribunalRoles === void 0) {
              const err62 = { instancePath: instancePath + "/pipeline/parameters", schemaPath: "#/properties/pipeline/properties/parameters/required", keyword: "required", params: { missingProperty: "tribunalRoles" }, message: "must have required property 'tribunalRoles'" };
              if (vErrors === null) {
                vErrors = [err62];
              } else {
                vErrors.push(err62);
              }
              errors++;
            }
            if (data12.revisionThreshold === void 0) {
              const err63 = { instancePath: instancePath + "/pipeline/parameters", schemaPath: "#/properties/pipeline/properties/parameters/required", keyword: "required", params: { missingProperty: "revisionThreshold" }, message: "must have required property 'revisionThreshold'" };
              if (vErrors === null) {
                vErrors = [err63];
              } else {
                vErrors.push(err63);
              }
              errors++;
            }
            if (data12.maxRounds === void 0) {
              const err64 = { instancePath: instancePath + "/pipeline/parameters", schemaPath: "#/properties/pipeline/properties/parameters/required", keyword: "required", params: { missingProperty: "maxRounds" }, message: "must have required property 'maxRounds'" };
              if (vErrors === null) {
                vErrors = [err64];
              } else {
                vErrors.push(err64);
              }
              errors++;
            }
            if (data12.source === void 0) {
              const err65 = { instancePath: instancePath + "/pipeline/parameters", schemaPath: "#/properties/pipeline/properties/parameters/required", keyword: "required", params: { missingProperty: "source" }, message: "must have required property 'source'" };
              if (vErrors === null) {
                vErrors = [err65];
              } else {
                vErrors.push(err65);
              }
              errors++;
            }
            for (const key2 in data12) {
              if (!func1.call(schema31.properties.pipeline.properties.parameters.properties, key2)) {
                const err66 = { instancePath: instancePath + "/pipeline/parameters", schemaPath: "#/properties/pipeline/properties/parameters/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key2 }, message: "must NOT have additional properties" };
                if (vErrors === null) {
                  vErrors = [err66];
                } else {
                  vErrors.push(err66);
                }
                errors++;
              }
            }
            if (data12.queries !== void 0) {
              let data13 = data12.queries;
              if (!(typeof data13 == "number" && (!(data13 % 1) && !isNaN(data13)) && isFinite(data13))) {
                const err67 = { instancePath: instancePath + "/pipeline/parameters/queries", schemaPath: "#/properties/pipeline/properties/parameters/properties/queries/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
                if (vErrors === null) {
                  vErrors = [err67];
                } else {
                  vErrors.push(err67);
                }
                errors++;
              }
              if (typeof data13 == "number" && isFinite(data13)) {
                if (data13 < 1 || isNaN(data13)) {
                  const err68 = { instancePath: instancePath + "/pipeline/parameters/queries", schemaPath: "#/properties/pipeline/properties/parameters/properties/queries/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1" };
                  if (vErrors === null) {
                    vErrors = [err68];
                  } else {
                    vErrors.push(err68);
                  }
                  errors++;
                }
              }
            }
            if (data12.topK !== void 0) {
              let data14 = data12.topK;
              if (!(typeof data14 == "number" && (!(data14 % 1) && !isNaN(data14)) && isFinite(data14))) {
                const err69 = { instancePath: instancePath + "/pipeline/parameters/topK", schemaPath: "#/properties/pipeline/properties/parameters/properties/topK/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
                if (vErrors === null) {
                  vErrors = [err69];
                } else {
                  vErrors.push(err69);
                }
                errors++;
              }
              if (typeof data14 == "number" && isFinite(data14)) {
                if (data14 < 1 || isNaN(data14)) {
                  const err70 = { instancePath: instancePath + "/pipeline/parameters/topK", schemaPath: "#/properties/pipeline/properties/parameters/properties/topK/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1" };
                  if (vErrors === null) {
                    vErrors = [err70];
                  } else {
                    vErrors.push(err70);
                  }
                  errors++;
                }
              }
            }
            if (data12.tfidfNgrams !== void 0) {
              let data15 = data12.tfidfNgrams;
              if (Array.isArray(data15)) {
                if (data15.length < 1) {
                  const err71 = { instancePath: instancePath + "/pipeline/parameters/tfidfNgrams", schemaPath: "#/properties/pipeline/properties/parameters/properties/tfidfNgrams/minItems", keyword: "minItems", params: { limit: 1 }, message: "must NOT have fewer than 1 items" };
                  if (vErrors === null) {
                    vErrors = [err71];
                  } else {
                    vErrors.push(err71);
                  }
                  errors++;
                }
                const len0 = data15.length;
                for (let i0 = 0; i0 < len0; i0++) {
                  let data16 = data15[i0];
                  if (!(typeof data16 == "number" && (!(data16 % 1) && !isNaN(data16)) && isFinite(data16))) {
                    const err72 = { instancePath: instancePath + "/pipeline/parameters/tfidfNgrams/" + i0, schemaPath: "#/properties/pipeline/properties/parameters/properties/tfidfNgrams/items/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
                    if (vErrors === null) {
                      vErrors = [err72];
                    } else {
                      vErrors.push(err72);
                    }
                    errors++;
                  }
                  if (typeof data16 == "number" && isFinite(data16)) {
                    if (data16 < 1 || isNaN(data16)) {
                      const err73 = { instancePath: instancePath + "/pipeline/parameters/tfidfNgrams/" + i0, schemaPath: "#/properties/pipeline/properties/parameters/properties/tfidfNgrams/items/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1" };
                      if (vErrors === null) {
                        vErrors = [err73];
                      } else {
                        vErrors.push(err73);
                      }
                      errors++;
                    }
                  }
                }
              } else {
                const err74 = { instancePath: instancePath + "/pipeline/parameters/tfidfNgrams", schemaPath: "#/properties/pipeline/properties/parameters/properties/tfidfNgrams/type", keyword: "type", params: { type: "array" }, message: "must be array" };
                if (vErrors === null) {
                  vErrors = [err74];
                } else {
                  vErrors.push(err74);
                }
                errors++;
              }
            }
            if (data12.threshold !== void 0) {
              let data17 = data12.threshold;
              if (typeof data17 == "number" && isFinite(data17)) {
                if (data17 > 1 || isNaN(data17)) {
                  const err75 = { instancePath: instancePath + "/pipeline/parameters/threshold", schemaPath: "#/properties/pipeline/properties/parameters/properties/threshold/maximum", keyword: "maximum", params: { comparison: "<=", limit: 1 }, message: "must be <= 1" };
                  if (vErrors === null) {
                    vErrors = [err75];
                  } else {
                    vErrors.push(err75);
                  }
                  errors++;
                }
                if (data17 < 0 || isNaN(data17)) {
                  const err76 = { instancePath: instancePath + "/pipeline/parameters/threshold", schemaPath: "#/properties/pipeline/properties/parameters/properties/threshold/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
                  if (vErrors === null) {
                    vErrors = [err76];
                  } else {
                    vErrors.push(err76);
                  }
                  errors++;
                }
              } else {
                const err77 = { instancePath: instancePath + "/pipeline/parameters/threshold", schemaPath: "#/properties/pipeline/properties/parameters/properties/threshold/type", keyword: "type", params: { type: "number" }, message: "must be number" };
                if (vErrors === null) {
                  vErrors = [err77];
                } else {
                  vErrors.push(err77);
                }
                errors++;
              }
            }
            if (data12.embeddingModel !== void 0) {
              let data18 = data12.embeddingModel;
              if (typeof data18 === "string") {
                if (func2(data18) > 200) {
                  const err78 = { instancePath: instancePath + "/pipeline/parameters/embeddingModel", schemaPath: "#/properties/pipeline/properties/parameters/properties/embeddingModel/maxLength", keyword: "maxLength", params: { limit: 200 }, message: "must NOT have more than 200 characters" };
                  if (vErrors === null) {
                    vErrors = [err78];
                  } else {
                    vErrors.push(err78);
                  }
                  errors++;
                }
                if (func2(data18) < 1) {
                  const err79 = { instancePath: instancePath + "/pipeline/parameters/embeddingModel", schemaPath: "#/properties/pipeline/properties/parameters/properties/embeddingModel/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                  if (vErrors === null) {
                    vErrors = [err79];
                  } else {
                    vErrors.push(err79);
                  }
                  errors++;
                }
              } else {
                const err80 = { instancePath: instancePath + "/pipeline/parameters/embeddingModel", schemaPath: "#/properties/pipeline/properties/parameters/properties/embeddingModel/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err80];
                } else {
                  vErrors.push(err80);
                }
                errors++;
              }
            }
            if (data12.embeddingDim !== void 0) {
              let data19 = data12.embeddingDim;
              if (!(typeof data19 == "number" && (!(data19 % 1) && !isNaN(data19)) && isFinite(data19))) {
                const err81 = { instancePath: instancePath + "/pipeline/parameters/embeddingDim", schemaPath: "#/properties/pipeline/properties/parameters/properties/embeddingDim/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
                if (vErrors === null) {
                  vErrors = [err81];
                } else {
                  vErrors.push(err81);
                }
                errors++;
              }
              if (typeof data19 == "number" && isFinite(data19)) {
                if (data19 < 1 || isNaN(data19)) {
                  const err82 = { instancePath: instancePath + "/pipeline/parameters/embeddingDim", schemaPath: "#/properties/pipeline/properties/parameters/properties/embeddingDim/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1" };
                  if (vErrors === null) {
                    vErrors = [err82];
                  } else {
                    vErrors.push(err82);
                  }
                  errors++;
                }
              }
            }
            if (data12.tribunalRoles !== void 0) {
              let data20 = data12.tribunalRoles;
              if (Array.isArray(data20)) {
                const len1 = data20.length;
                for (let i1 = 0; i1 < len1; i1++) {
                  let data21 = data20[i1];
                  if (typeof data21 !== "string") {
                    const err83 = { instancePath: instancePath + "/pipeline/parameters/tribunalRoles/" + i1, schemaPath: "#/properties/pipeline/properties/parameters/properties/tribunalRoles/items/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                    if (vErrors === null) {
                      vErrors = [err83];
                    } else {
                      vErrors.push(err83);
                    }
                    errors++;
                  }
                  if (!(data21 === "SKEPTIC" || data21 === "VALIDATOR" || data21 === "SYNTHESIZER")) {
                    const err84 = { instancePath: instancePath + "/pipeline/parameters/tribunalRoles/" + i1, schemaPath: "#/properties/pipeline/properties/parameters/properties/tribunalRoles/items/enum", keyword: "enum", params: { allowedValues: schema31.properties.pipeline.properties.parameters.properties.tribunalRoles.items.enum }, message: "must be equal to one of the allowed values" };
                    if (vErrors === null) {
                      vErrors = [err84];
                    } else {
                      vErrors.push(err84);
                    }
                    errors++;
                  }
                }
              } else {
                const err85 = { instancePath: instancePath + "/pipeline/parameters/tribunalRoles", schemaPath: "#/properties/pipeline/properties/parameters/properties/tribunalRoles/type", keyword: "type", params: { type: "array" }, message: "must be array" };
                if (vErrors === null) {
                  vErrors = [err85];
                } else {
                  vErrors.push(err85);
                }
                errors++;
              }
            }
            if (data12.revisionThreshold !== void 0) {
              let data22 = data12.revisionThreshold;
              if (typeof data22 == "number" && isFinite(data22)) {
                if (data22 > 10 || isNaN(data22)) {
                  const err86 = { instancePath: instancePath + "/pipeline/parameters/revisionThreshold", schemaPath: "#/properties/pipeline/properties/parameters/properties/revisionThreshold/maximum", keyword: "maximum", params: { comparison: "<=", limit: 10 }, message: "must be <= 10" };
                  if (vErrors === null) {
                    vErrors = [err86];
                  } else {
                    vErrors.push(err86);
                  }
                  errors++;
                }
                if (data22 < 0 || isNaN(data22)) {
                  const err87 = { instancePath: instancePath + "/pipeline/parameters/revisionThreshold", schemaPath: "#/properties/pipeline/properties/parameters/properties/revisionThreshold/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
                  if (vErrors === null) {
                    vErrors = [err87];
                  } else {
                    vErrors.push(err87);
                  }
                  errors++;
                }
              } else {
                const err88 = { instancePath: instancePath + "/pipeline/parameters/revisionThreshold", schemaPath: "#/properties/pipeline/properties/parameters/properties/revisionThreshold/type", keyword: "type", params: { type: "number" }, message: "must be number" };
                if (vErrors === null) {
                  vErrors = [err88];
                } else {
                  vErrors.push(err88);
                }
                errors++;
              }
            }
            if (data12.maxRounds !== void 0) {
              let data23 = data12.maxRounds;
              if (!(typeof data23 == "number" && (!(data23 % 1) && !isNaN(data23)) && isFinite(data23))) {
                const err89 = { instancePath: instancePath + "/pipeline/parameters/maxRounds", schemaPath: "#/properties/pipeline/properties/parameters/properties/maxRounds/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
                if (vErrors === null) {
                  vErrors = [err89];
                } else {
                  vErrors.push(err89);
                }
                errors++;
              }
              if (typeof data23 == "number" && isFinite(data23)) {
                if (data23 > 2 || isNaN(data23)) {
                  const err90 = { instancePath: instancePath + "/pipeline/parameters/maxRounds", schemaPath: "#/properties/pipeline/properties/parameters/properties/maxRounds/maximum", keyword: "maximum", params: { comparison: "<=", limit: 2 }, message: "must be <= 2" };
                  if (vErrors === null) {
                    vErrors = [err90];
                  } else {
                    vErrors.push(err90);
                  }
                  errors++;
                }
                if (data23 < 0 || isNaN(data23)) {
                  const err91 = { instancePath: instancePath + "/pipeline/parameters/maxRounds", schemaPath: "#/properties/pipeline/properties/parameters/properties/maxRounds/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
                  if (vErrors === null) {
                    vErrors = [err91];
                  } else {
                    vErrors.push(err91);
                  }
                  errors++;
                }
              }
            }
            if (data12.source !== void 0) {
              let data24 = data12.source;
              if (typeof data24 === "string") {
                if (func2(data24) > 100) {
                  const err92 = { instancePath: instancePath + "/pipeline/parameters/source", schemaPath: "#/properties/pipeline/properties/parameters/properties/source/maxLength", keyword: "maxLength", params: { limit: 100 }, message: "must NOT have more than 100 characters" };
                  if (vErrors === null) {
                    vErrors = [err92];
                  } else {
                    vErrors.push(err92);
                  }
                  errors++;
                }
                if (func2(data24) < 1) {
                  const err93 = { instancePath: instancePath + "/pipeline/parameters/source", schemaPath: "#/properties/pipeline/properties/parameters/properties/source/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                  if (vErrors === null) {
                    vErrors = [err93];
                  } else {
                    vErrors.push(err93);
                  }
                  errors++;
                }
              } else {
                const err94 = { instancePath: instancePath + "/pipeline/parameters/source", schemaPath: "#/properties/pipeline/properties/parameters/properties/source/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err94];
                } else {
                  vErrors.push(err94);
                }
                errors++;
              }
            }
          } else {
            const err95 = { instancePath: instancePath + "/pipeline/parameters", schemaPath: "#/properties/pipeline/properties/parameters/type", keyword: "type", params: { type: "object" }, message: "must be object" };
            if (vErrors === null) {
              vErrors = [err95];
            } else {
              vErrors.push(err95);
            }
            errors++;
          }
        }
        if (data8.providers !== void 0) {
          let data25 = data8.providers;
          if (Array.isArray(data25)) {
            const len2 = data25.length;
            for (let i2 = 0; i2 < len2; i2++) {
              let data26 = data25[i2];
              if (data26 && typeof data26 == "object" && !Array.isArray(data26)) {
                if (data26.role === void 0) {
                  const err96 = { instancePath: instancePath + "/pipeline/providers/" + i2, schemaPath: "#/properties/pipeline/properties/providers/items/required", keyword: "required", params: { missingProperty: "role" }, message: "must have required property 'role'" };
                  if (vErrors === null) {
                    vErrors = [err96];
                  } else {
                    vErrors.push(err96);
                  }
                  errors++;
                }
                if (data26.provider === void 0) {
                  const err97 = { instancePath: instancePath + "/pipeline/providers/" + i2, schemaPath: "#/properties/pipeline/properties/providers/items/required", keyword: "required", params: { missingProperty: "provider" }, message: "must have required property 'provider'" };
                  if (vErrors === null) {
                    vErrors = [err97];
                  } else {
                    vErrors.push(err97);
                  }
                  errors++;
                }
                if (data26.model === void 0) {
                  const err98 = { instancePath: instancePath + "/pipeline/providers/" + i2, schemaPath: "#/properties/pipeline/properties/providers/items/required", keyword: "required", params: { missingProperty: "model" }, message: "must have required property 'model'" };
                  if (vErrors === null) {
                    vErrors = [err98];
                  } else {
                    vErrors.push(err98);
                  }
                  errors++;
                }
                if (data26.deterministic === void 0) {
                  const err99 = { instancePath: instancePath + "/pipeline/providers/" + i2, schemaPath: "#/properties/pipeline/properties/providers/items/required", keyword: "required", params: { missingProperty: "deterministic" }, message: "must have required property 'deterministic'" };
                  if (vErrors === null) {
                    vErrors = [err99];
                  } else {
                    vErrors.push(err99);
                  }
                  errors++;
                }
                for (const key3 in data26) {
                  if (!(key3 === "role" || key3 === "provider" || key3 === "model" || key3 === "deterministic")) {
                    const err100 = { instancePath: instancePath + "/pipeline/providers/" + i2, schemaPath: "#/properties/pipeline/properties/providers/items/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key3 }, message: "must NOT have additional properties" };
                    if (vErrors === null) {
                      vErrors = [err100];
                    } else {
                      vErrors.push(err100);
                    }
                    errors++;
                  }
                }
                if (data26.role !== void 0) {
                  let data27 = data26.role;
                  if (typeof data27 === "string") {
                    if (func2(data27) > 100) {
                      const err101 = { instancePath: instancePath + "/pipeline/providers/" + i2 + "/role", schemaPath: "#/properties/pipeline/properties/providers/items/properties/role/maxLength", keyword: "maxLength", params: { limit: 100 }, message: "must NOT have more than 100 characters" };
                      if (vErrors === null) {
                        vErrors = [err101];
                      } else {
                        vErrors.push(err101);
                      }
                      errors++;
                    }
                    if (func2(data27) < 1) {
                      const err102 = { instancePath: instancePath + "/pipeline/providers/" + i2 + "/role", schemaPath: "#/properties/pipeline/properties/providers/items/properties/role/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                      if (vErrors === null) {
                        vErrors = [err102];
                      } else {
                        vErrors.push(err102);
                      }
                      errors++;
                    }
                  } else {
                    const err103 = { instancePath: instancePath + "/pipeline/providers/" + i2 + "/role", schemaPath: "#/properties/pipeline/properties/providers/items/properties/role/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                    if (vErrors === null) {
                      vErrors = [err103];
                    } else {
                      vErrors.push(err103);
                    }
                    errors++;
                  }
                }
                if (data26.provider !== void 0) {
                  let data28 = data26.provider;
                  if (typeof data28 === "string") {
                    if (func2(data28) > 100) {
                      const err104 = { instancePath: instancePath + "/pipeline/providers/" + i2 + "/provider", schemaPath: "#/properties/pipeline/properties/providers/items/properties/provider/maxLength", keyword: "maxLength", params: { limit: 100 }, message: "must NOT have more than 100 characters" };
                      if (vErrors === null) {
                        vErrors = [err104];
                      } else {
                        vErrors.push(err104);
                      }
                      errors++;
                    }
                    if (func2(data28) < 1) {
                      const err105 = { instancePath: instancePath + "/pipeline/providers/" + i2 + "/provider", schemaPath: "#/properties/pipeline/properties/providers/items/properties/provider/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                      if (vErrors === null) {
                        vErrors = [err105];
                      } else {
                        vErrors.push(err105);
                      }
                      errors++;
                    }
                  } else {
                    const err106 = { instancePath: instancePath + "/pipeline/providers/" + i2 + "/provider", schemaPath: "#/properties/pipeline/properties/providers/items/properties/provider/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                    if (vErrors === null) {
                      vErrors = [err106];
                    } else {
                      vErrors.push(err106);
                    }
                    errors++;
                  }
                }
                if (data26.model !== void 0) {
                  let data29 = data26.model;
                  if (typeof data29 === "string") {
                    if (func2(data29) > 200) {
                      const err107 = { instancePath: instancePath + "/pipeline/providers/" + i2 + "/model", schemaPath: "#/properties/pipeline/properties/providers/items/properties/model/maxLength", keyword: "maxLength", params: { limit: 200 }, message: "must NOT have more than 200 characters" };
                      if (vErrors === null) {
                        vErrors = [err107];
                      } else {
                        vErrors.push(err107);
                      }
                      errors++;
                    }
                    if (func2(data29) < 1) {
                      const err108 = { instancePath: instancePath + "/pipeline/providers/" + i2 + "/model", schemaPath: "#/properties/pipeline/properties/providers/items/properties/model/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                      if (vErrors === null) {
                        vErrors = [err108];
                      } else {
                        vErrors.push(err108);
                      }
                      errors++;
                    }
                  } else {
                    const err109 = { instancePath: instancePath + "/pipeline/providers/" + i2 + "/model", schemaPath: "#/properties/pipeline/properties/providers/items/properties/model/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                    if (vErrors === null) {
                      vErrors = [err109];
                    } else {
                      vErrors.push(err109);
                    }
                    errors++;
                  }
                }
                if (data26.deterministic !== void 0) {
                  if (typeof data26.deterministic !== "boolean") {
                    const err110 = { instancePath: instancePath + "/pipeline/providers/" + i2 + "/deterministic", schemaPath: "#/properties/pipeline/properties/providers/items/properties/deterministic/type", keyword: "type", params: { type: "boolean" }, message: "must be boolean" };
                    if (vErrors === null) {
                      vErrors = [err110];
                    } else {
                      vErrors.push(err110);
                    }
                    errors++;
                  }
                }
              } else {
                const err111 = { instancePath: instancePath + "/pipeline/providers/" + i2, schemaPath: "#/properties/pipeline/properties/providers/items/type", keyword: "type", params: { type: "object" }, message: "must be object" };
                if (vErrors === null) {
                  vErrors = [err111];
                } else {
                  vErrors.push(err111);
                }
                errors++;
              }
            }
          } else {
            const err112 = { instancePath: instancePath + "/pipeline/providers", schemaPath: "#/properties/pipeline/properties/providers/type", keyword: "type", params: { type: "array" }, message: "must be array" };
            if (vErrors === null) {
              vErrors = [err112];
            } else {
              vErrors.push(err112);
            }
            errors++;
          }
        }
      } else {
        const err113 = { instancePath: instancePath + "/pipeline", schemaPath: "#/properties/pipeline/type", keyword: "type", params: { type: "object" }, message: "must be object" };
        if (vErrors === null) {
          vErrors = [err113];
        } else {
          vErrors.push(err113);
        }
        errors++;
      }
    }
    if (data.workflow !== void 0) {
      let data31 = data.workflow;
      if (data31 && typeof data31 == "object" && !Array.isArray(data31)) {
        if (data31.namespace === void 0) {
          const err114 = { instancePath: instancePath + "/workflow", schemaPath: "#/properties/workflow/required", keyword: "required", params: { missingProperty: "namespace" }, message: "must have required property 'namespace'" };
          if (vErrors === null) {
            vErrors = [err114];
          } else {
            vErrors.push(err114);
          }
          errors++;
        }
        if (data31.workflowId === void 0) {
          const err115 = { instancePath: instancePath + "/workflow", schemaPath: "#/properties/workflow/required", keyword: "required", params: { missingProperty: "workflowId" }, message: "must have required property 'workflowId'" };
          if (vErrors === null) {
            vErrors = [err115];
          } else {
            vErrors.push(err115);
          }
          errors++;
        }
        if (data31.runId === void 0) {
          const err116 = { instancePath: instancePath + "/workflow", schemaPath: "#/properties/workflow/required", keyword: "required", params: { missingProperty: "runId" }, message: "must have required property 'runId'" };
          if (vErrors === null) {
            vErrors = [err116];
          } else {
            vErrors.push(err116);
          }
          errors++;
        }
        if (data31.taskQueue === void 0) {
          const err117 = { instancePath: instancePath + "/workflow", schemaPath: "#/properties/workflow/required", keyword: "required", params: { missingProperty: "taskQueue" }, message: "must have required property 'taskQueue'" };
          if (vErrors === null) {
            vErrors = [err117];
          } else {
            vErrors.push(err117);
          }
          errors++;
        }
        if (data31.historyDigest === void 0) {
          const err118 = { instancePath: instancePath + "/workflow", schemaPath: "#/properties/workflow/required", keyword: "required", params: { missingProperty: "historyDigest" }, message: "must have required property 'historyDigest'" };
          if (vErrors === null) {
            vErrors = [err118];
          } else {
            vErrors.push(err118);
          }
          errors++;
        }
        for (const key4 in data31) {
          if (!(key4 === "namespace" || key4 === "workflowId" || key4 === "runId" || key4 === "taskQueue" || key4 === "historyDigest")) {
            const err119 = { instancePath: instancePath + "/workflow", schemaPath: "#/properties/workflow/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key4 }, message: "must NOT have additional properties" };
            if (vErrors === null) {
              vErrors = [err119];
            } else {
              vErrors.push(err119);
            }
            errors++;
          }
        }
        if (data31.namespace !== void 0) {
          let data32 = data31.namespace;
          if (typeof data32 === "string") {
            if (func2(data32) > 200) {
              const err120 = { instancePath: instancePath + "/workflow/namespace", schemaPath: "#/properties/workflow/properties/namespace/maxLength", keyword: "maxLength", params: { limit: 200 }, message: "must NOT have more than 200 characters" };
              if (vErrors === null) {
                vErrors = [err120];
              } else {
                vErrors.push(err120);
              }
              errors++;
            }
            if (func2(data32) < 1) {
              const err121 = { instancePath: instancePath + "/workflow/namespace", schemaPath: "#/properties/workflow/properties/namespace/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
              if (vErrors === null) {
                vErrors = [err121];
              } else {
                vErrors.push(err121);
              }
              errors++;
            }
          } else {
            const err122 = { instancePath: instancePath + "/workflow/namespace", schemaPath: "#/properties/workflow/properties/namespace/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err122];
            } else {
              vErrors.push(err122);
            }
            errors++;
          }
        }
        if (data31.workflowId !== void 0) {
          let data33 = data31.workflowId;
          if (typeof data33 === "string") {
            if (func2(data33) > 200) {
              const err123 = { instancePath: instancePath + "/workflow/workflowId", schemaPath: "#/properties/workflow/properties/workflowId/maxLength", keyword: "maxLength", params: { limit: 200 }, message: "must NOT have more than 200 characters" };
              if (vErrors === null) {
                vErrors = [err123];
              } else {
                vErrors.push(err123);
              }
              errors++;
            }
            if (func2(data33) < 1) {
              const err124 = { instancePath: instancePath + "/workflow/workflowId", schemaPath: "#/properties/workflow/properties/workflowId/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
              if (vErrors === null) {
                vErrors = [err124];
              } else {
                vErrors.push(err124);
              }
              errors++;
            }
          } else {
            const err125 = { instancePath: instancePath + "/workflow/workflowId", schemaPath: "#/properties/workflow/properties/workflowId/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err125];
            } else {
              vErrors.push(err125);
            }
            errors++;
          }
        }
        if (data31.runId !== void 0) {
          let data34 = data31.runId;
          if (typeof data34 === "string") {
            if (func2(data34) > 200) {
              const err126 = { instancePath: instancePath + "/workflow/runId", schemaPath: "#/properties/workflow/properties/runId/maxLength", keyword: "maxLength", params: { limit: 200 }, message: "must NOT have more than 200 characters" };
              if (vErrors === null) {
                vErrors = [err126];
              } else {
                vErrors.push(err126);
              }
              errors++;
            }
            if (func2(data34) < 1) {
              const err127 = { instancePath: instancePath + "/workflow/runId", schemaPath: "#/properties/workflow/properties/runId/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
              if (vErrors === null) {
                vErrors = [err127];
              } else {
                vErrors.push(err127);
              }
              errors++;
            }
          } else {
            const err128 = { instancePath: instancePath + "/workflow/runId", schemaPath: "#/properties/workflow/properties/runId/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err128];
            } else {
              vErrors.push(err128);
            }
            errors++;
          }
        }
        if (data31.taskQueue !== void 0) {
          let data35 = data31.taskQueue;
          if (typeof data35 === "string") {
            if (func2(data35) > 200) {
              const err129 = { instancePath: instancePath + "/workflow/taskQueue", schemaPath: "#/properties/workflow/properties/taskQueue/maxLength", keyword: "maxLength", params: { limit: 200 }, message: "must NOT have more than 200 characters" };
              if (vErrors === null) {
                vErrors = [err129];
              } else {
                vErrors.push(err129);
              }
              errors++;
            }
            if (func2(data35) < 1) {
              const err130 = { instancePath: instancePath + "/workflow/taskQueue", schemaPath: "#/properties/workflow/properties/taskQueue/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
              if (vErrors === null) {
                vErrors = [err130];
              } else {
                vErrors.push(err130);
              }
              errors++;
            }
          } else {
            const err131 = { instancePath: instancePath + "/workflow/taskQueue", schemaPath: "#/properties/workflow/properties/taskQueue/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err131];
            } else {
              vErrors.push(err131);
            }
            errors++;
          }
        }
        if (data31.historyDigest !== void 0) {
          let data36 = data31.historyDigest;
          if (data36 && typeof data36 == "object" && !Array.isArray(data36)) {
            if (data36.lastEventId === void 0) {
              const err132 = { instancePath: instancePath + "/workflow/historyDigest", schemaPath: "#/properties/workflow/properties/historyDigest/required", keyword: "required", params: { missingProperty: "lastEventId" }, message: "must have required property 'lastEventId'" };
              if (vErrors === null) {
                vErrors = [err132];
              } else {
                vErrors.push(err132);
              }
              errors++;
            }
            if (data36.sha256 === void 0) {
              const err133 = { instancePath: instancePath + "/workflow/historyDigest", schemaPath: "#/properties/workflow/properties/historyDigest/required", keyword: "required", params: { missingProperty: "sha256" }, message: "must have required property 'sha256'" };
              if (vErrors === null) {
                vErrors = [err133];
              } else {
                vErrors.push(err133);
              }
              errors++;
            }
            for (const key5 in data36) {
              if (!(key5 === "lastEventId" || key5 === "sha256")) {
                const err134 = { instancePath: instancePath + "/workflow/historyDigest", schemaPath: "#/properties/workflow/properties/historyDigest/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key5 }, message: "must NOT have additional properties" };
                if (vErrors === null) {
                  vErrors = [err134];
                } else {
                  vErrors.push(err134);
                }
                errors++;
              }
            }
            if (data36.lastEventId !== void 0) {
              let data37 = data36.lastEventId;
              if (!(typeof data37 == "number" && (!(data37 % 1) && !isNaN(data37)) && isFinite(data37))) {
                const err135 = { instancePath: instancePath + "/workflow/historyDigest/lastEventId", schemaPath: "#/properties/workflow/properties/historyDigest/properties/lastEventId/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
                if (vErrors === null) {
                  vErrors = [err135];
                } else {
                  vErrors.push(err135);
                }
                errors++;
              }
              if (typeof data37 == "number" && isFinite(data37)) {
                if (data37 < 1 || isNaN(data37)) {
                  const err136 = { instancePath: instancePath + "/workflow/historyDigest/lastEventId", schemaPath: "#/properties/workflow/properties/historyDigest/properties/lastEventId/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1" };
                  if (vErrors === null) {
                    vErrors = [err136];
                  } else {
                    vErrors.push(err136);
                  }
                  errors++;
                }
              }
            }
            if (data36.sha256 !== void 0) {
              let data38 = data36.sha256;
              if (typeof data38 === "string") {
                if (!pattern4.test(data38)) {
                  const err137 = { instancePath: instancePath + "/workflow/historyDigest/sha256", schemaPath: "#/properties/workflow/properties/historyDigest/properties/sha256/pattern", keyword: "pattern", params: { pattern: "^sha256:[0-9a-f]{64}$" }, message: 'must match pattern "^sha256:[0-9a-f]{64}$"' };
                  if (vErrors === null) {
                    vErrors = [err137];
                  } else {
                    vErrors.push(err137);
                  }
                  errors++;
                }
              } else {
                const err138 = { instancePath: instancePath + "/workflow/historyDigest/sha256", schemaPath: "#/properties/workflow/properties/historyDigest/properties/sha256/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err138];
                } else {
                  vErrors.push(err138);
                }
                errors++;
              }
            }
          } else {
            const err139 = { instancePath: instancePath + "/workflow/historyDigest", schemaPath: "#/properties/workflow/properties/historyDigest/type", keyword: "type", params: { type: "object" }, message: "must be object" };
            if (vErrors === null) {
              vErrors = [err139];
            } else {
              vErrors.push(err139);
            }
            errors++;
          }
        }
      } else {
        const err140 = { instancePath: instancePath + "/workflow", schemaPath: "#/properties/workflow/type", keyword: "type", params: { type: "object" }, message: "must be object" };
        if (vErrors === null) {
          vErrors = [err140];
        } else {
          vErrors.push(err140);
        }
        errors++;
      }
    }
    if (data.review !== void 0) {
      let data39 = data.review;
      if (data39 && typeof data39 == "object" && !Array.isArray(data39)) {
        if (data39.score === void 0) {
          const err141 = { instancePath: instancePath + "/review", schemaPath: "#/properties/review/required", keyword: "required", params: { missingProperty: "score" }, message: "must have required property 'score'" };
          if (vErrors === null) {
            vErrors = [err141];
          } else {
            vErrors.push(err141);
          }
          errors++;
        }
        if (data39.method === void 0) {
          const err142 = { instancePath: instancePath + "/review", schemaPath: "#/properties/review/required", keyword: "required", params: { missingProperty: "method" }, message: "must have required property 'method'" };
          if (vErrors === null) {
            vErrors = [err142];
          } else {
            vErrors.push(err142);
          }
          errors++;
        }
        if (data39.roles === void 0) {
          const err143 = { instancePath: instancePath + "/review", schemaPath: "#/properties/review/required", keyword: "required", params: { missingProperty: "roles" }, message: "must have required property 'roles'" };
          if (vErrors === null) {
            vErrors = [err143];
          } else {
            vErrors.push(err143);
          }
          errors++;
        }
        if (data39.revisionRounds === void 0) {
          const err144 = { instancePath: instancePath + "/review", schemaPath: "#/properties/review/required", keyword: "required", params: { missingProperty: "revisionRounds" }, message: "must have required property 'revisionRounds'" };
          if (vErrors === null) {
            vErrors = [err144];
          } else {
            vErrors.push(err144);
          }
          errors++;
        }
        if (data39.decision === void 0) {
          const err145 = { instancePath: instancePath + "/review", schemaPath: "#/properties/review/required", keyword: "required", params: { missingProperty: "decision" }, message: "must have required property 'decision'" };
          if (vErrors === null) {
            vErrors = [err145];
          } else {
            vErrors.push(err145);
          }
          errors++;
        }
        if (data39.policy === void 0) {
          const err146 = { instancePath: instancePath + "/review", schemaPath: "#/properties/review/required", keyword: "required", params: { missingProperty: "policy" }, message: "must have required property 'policy'" };
          if (vErrors === null) {
            vErrors = [err146];
          } else {
            vErrors.push(err146);
          }
          errors++;
        }
        for (const key6 in data39) {
          if (!(key6 === "score" || key6 === "method" || key6 === "roles" || key6 === "revisionRounds" || key6 === "decision" || key6 === "policy")) {
            const err147 = { instancePath: instancePath + "/review", schemaPath: "#/properties/review/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key6 }, message: "must NOT have additional properties" };
            if (vErrors === null) {
              vErrors = [err147];
            } else {
              vErrors.push(err147);
            }
            errors++;
          }
        }
        if (data39.score !== void 0) {
          let data40 = data39.score;
          if (typeof data40 == "number" && isFinite(data40)) {
            if (data40 > 10 || isNaN(data40)) {
              const err148 = { instancePath: instancePath + "/review/score", schemaPath: "#/properties/review/properties/score/maximum", keyword: "maximum", params: { comparison: "<=", limit: 10 }, message: "must be <= 10" };
              if (vErrors === null) {
                vErrors = [err148];
              } else {
                vErrors.push(err148);
              }
              errors++;
            }
            if (data40 < 0 || isNaN(data40)) {
              const err149 = { instancePath: instancePath + "/review/score", schemaPath: "#/properties/review/properties/score/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
              if (vErrors === null) {
                vErrors = [err149];
              } else {
                vErrors.push(err149);
              }
              errors++;
            }
          } else {
            const err150 = { instancePath: instancePath + "/review/score", schemaPath: "#/properties/review/properties/score/type", keyword: "type", params: { type: "number" }, message: "must be number" };
            if (vErrors === null) {
              vErrors = [err150];
            } else {
              vErrors.push(err150);
            }
            errors++;
          }
        }
        if (data39.method !== void 0) {
          let data41 = data39.method;
          if (typeof data41 === "string") {
            if (func2(data41) > 300) {
              const err151 = { instancePath: instancePath + "/review/method", schemaPath: "#/properties/review/properties/method/maxLength", keyword: "maxLength", params: { limit: 300 }, message: "must NOT have more than 300 characters" };
              if (vErrors === null) {
                vErrors = [err151];
              } else {
                vErrors.push(err151);
              }
              errors++;
            }
            if (func2(data41) < 1) {
              const err152 = { instancePath: instancePath + "/review/method", schemaPath: "#/properties/review/properties/method/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
              if (vErrors === null) {
                vErrors = [err152];
              } else {
                vErrors.push(err152);
              }
              errors++;
            }
          } else {
            const err153 = { instancePath: instancePath + "/review/method", schemaPath: "#/properties/review/properties/method/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err153];
            } else {
              vErrors.push(err153);
            }
            errors++;
          }
        }
        if (data39.roles !== void 0) {
          let data42 = data39.roles;
          if (Array.isArray(data42)) {
            const len3 = data42.length;
            for (let i3 = 0; i3 < len3; i3++) {
              let data43 = data42[i3];
              if (data43 && typeof data43 == "object" && !Array.isArray(data43)) {
                if (data43.role === void 0) {
                  const err154 = { instancePath: instancePath + "/review/roles/" + i3, schemaPath: "#/properties/review/properties/roles/items/required", keyword: "required", params: { missingProperty: "role" }, message: "must have required property 'role'" };
                  if (vErrors === null) {
                    vErrors = [err154];
                  } else {
                    vErrors.push(err154);
                  }
                  errors++;
                }
                if (data43.score === void 0) {
                  const err155 = { instancePath: instancePath + "/review/roles/" + i3, schemaPath: "#/properties/review/properties/roles/items/required", keyword: "required", params: { missingProperty: "score" }, message: "must have required property 'score'" };
                  if (vErrors === null) {
                    vErrors = [err155];
                  } else {
                    vErrors.push(err155);
                  }
                  errors++;
                }
                if (data43.verdict === void 0) {
                  const err156 = { instancePath: instancePath + "/review/roles/" + i3, schemaPath: "#/properties/review/properties/roles/items/required", keyword: "required", params: { missingProperty: "verdict" }, message: "must have required property 'verdict'" };
                  if (vErrors === null) {
                    vErrors = [err156];
                  } else {
                    vErrors.push(err156);
                  }
                  errors++;
                }
                if (data43.recordHash === void 0) {
                  const err157 = { instancePath: instancePath + "/review/roles/" + i3, schemaPath: "#/properties/review/properties/roles/items/required", keyword: "required", params: { missingProperty: "recordHash" }, message: "must have required property 'recordHash'" };
                  if (vErrors === null) {
                    vErrors = [err157];
                  } else {
                    vErrors.push(err157);
                  }
                  errors++;
                }
                for (const key7 in data43) {
                  if (!(key7 === "role" || key7 === "score" || key7 === "verdict" || key7 === "recordHash")) {
                    const err158 = { instancePath: instancePath + "/review/roles/" + i3, schemaPath: "#/properties/review/properties/roles/items/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key7 }, message: "must NOT have additional properties" };
                    if (vErrors === null) {
                      vErrors = [err158];
                    } else {
                      vErrors.push(err158);
                    }
                    errors++;
                  }
                }
                if (data43.role !== void 0) {
                  let data44 = data43.role;
                  if (typeof data44 !== "string") {
                    const err159 = { instancePath: instancePath + "/review/roles/" + i3 + "/role", schemaPath: "#/properties/review/properties/roles/items/properties/role/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                    if (vErrors === null) {
                      vErrors = [err159];
                    } else {
                      vErrors.push(err159);
                    }
                    errors++;
                  }
                  if (!(data44 === "SKEPTIC" || data44 === "VALIDATOR" || data44 === "SYNTHESIZER")) {
                    const err160 = { instancePath: instancePath + "/review/roles/" + i3 + "/role", schemaPath: "#/properties/review/properties/roles/items/properties/role/enum", keyword: "enum", params: { allowedValues: schema31.properties.review.properties.roles.items.properties.role.enum }, message: "must be equal to one of the allowed values" };
                    if (vErrors === null) {
                      vErrors = [err160];
                    } else {
                      vErrors.push(err160);
                    }
                    errors++;
                  }
                }
                if (data43.score !== void 0) {
                  let data45 = data43.score;
                  if (typeof data45 == "number" && isFinite(data45)) {
                    if (data45 > 10 || isNaN(data45)) {
                      const err161 = { instancePath: instancePath + "/review/roles/" + i3 + "/score", schemaPath: "#/properties/review/properties/roles/items/properties/score/maximum", keyword: "maximum", params: { comparison: "<=", limit: 10 }, message: "must be <= 10" };
                      if (vErrors === null) {
                        vErrors = [err161];
                      } else {
                        vErrors.push(err161);
                      }
                      errors++;
                    }
                    if (data45 < 0 || isNaN(data45)) {
                      const err162 = { instancePath: instancePath + "/review/roles/" + i3 + "/score", schemaPath: "#/properties/review/properties/roles/items/properties/score/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
                      if (vErrors === null) {
                        vErrors = [err162];
                      } else {
                        vErrors.push(err162);
                      }
                      errors++;
                    }
                  } else {
                    const err163 = { instancePath: instancePath + "/review/roles/" + i3 + "/score", schemaPath: "#/properties/review/properties/roles/items/properties/score/type", keyword: "type", params: { type: "number" }, message: "must be number" };
                    if (vErrors === null) {
                      vErrors = [err163];
                    } else {
                      vErrors.push(err163);
                    }
                    errors++;
                  }
                }
                if (data43.verdict !== void 0) {
                  let data46 = data43.verdict;
                  if (typeof data46 === "string") {
                    if (func2(data46) > 50) {
                      const err164 = { instancePath: instancePath + "/review/roles/" + i3 + "/verdict", schemaPath: "#/properties/review/properties/roles/items/properties/verdict/maxLength", keyword: "maxLength", params: { limit: 50 }, message: "must NOT have more than 50 characters" };
                      if (vErrors === null) {
                        vErrors = [err164];
                      } else {
                        vErrors.push(err164);
                      }
                      errors++;
                    }
                    if (func2(data46) < 1) {
                      const err165 = { instancePath: instancePath + "/review/roles/" + i3 + "/verdict", schemaPath: "#/properties/review/properties/roles/items/properties/verdict/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                      if (vErrors === null) {
                        vErrors = [err165];
                      } else {
                        vErrors.push(err165);
                      }
                      errors++;
                    }
                  } else {
                    const err166 = { instancePath: instancePath + "/review/roles/" + i3 + "/verdict", schemaPath: "#/properties/review/properties/roles/items/properties/verdict/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                    if (vErrors === null) {
                      vErrors = [err166];
                    } else {
                      vErrors.push(err166);
                    }
                    errors++;
                  }
                }
                if (data43.recordHash !== void 0) {
                  let data47 = data43.recordHash;
                  if (typeof data47 === "string") {
                    if (!pattern4.test(data47)) {
                      const err167 = { instancePath: instancePath + "/review/roles/" + i3 + "/recordHash", schemaPath: "#/properties/review/properties/roles/items/properties/recordHash/pattern", keyword: "pattern", params: { pattern: "^sha256:[0-9a-f]{64}$" }, message: 'must match pattern "^sha256:[0-9a-f]{64}$"' };
                      if (vErrors === null) {
                        vErrors = [err167];
                      } else {
                        vErrors.push(err167);
                      }
                      errors++;
                    }
                  } else {
                    const err168 = { instancePath: instancePath + "/review/roles/" + i3 + "/recordHash", schemaPath: "#/properties/review/properties/roles/items/properties/recordHash/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                    if (vErrors === null) {
                      vErrors = [err168];
                    } else {
                      vErrors.push(err168);
                    }
                    errors++;
                  }
                }
              } else {
                const err169 = { instancePath: instancePath + "/review/roles/" + i3, schemaPath: "#/properties/review/properties/roles/items/type", keyword: "type", params: { type: "object" }, message: "must be object" };
                if (vErrors === null) {
                  vErrors = [err169];
                } else {
                  vErrors.push(err169);
                }
                errors++;
              }
            }
          } else {
            const err170 = { instancePath: instancePath + "/review/roles", schemaPath: "#/properties/review/properties/roles/type", keyword: "type", params: { type: "array" }, message: "must be array" };
            if (vErrors === null) {
              vErrors = [err170];
            } else {
              vErrors.push(err170);
            }
            errors++;
          }
        }
        if (data39.revisionRounds !== void 0) {
          let data48 = data39.revisionRounds;
          if (!(typeof data48 == "number" && (!(data48 % 1) && !isNaN(data48)) && isFinite(data48))) {
            const err171 = { instancePath: instancePath + "/review/revisionRounds", schemaPath: "#/properties/review/properties/revisionRounds/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
            if (vErrors === null) {
              vErrors = [err171];
            } else {
              vErrors.push(err171);
            }
            errors++;
          }
          if (typeof data48 == "number" && isFinite(data48)) {
            if (data48 < 0 || isNaN(data48)) {
              const err172 = { instancePath: instancePath + "/review/revisionRounds", schemaPath: "#/properties/review/properties/revisionRounds/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
              if (vErrors === null) {
                vErrors = [err172];
              } else {
                vErrors.push(err172);
              }
              errors++;
            }
          }
        }
        if (data39.decision !== void 0) {
          let data49 = data39.decision;
          if (typeof data49 !== "string") {
            const err173 = { instancePath: instancePath + "/review/decision", schemaPath: "#/properties/review/properties/decision/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err173];
            } else {
              vErrors.push(err173);
            }
            errors++;
          }
          if (!(data49 === "AUTO_APPROVE" || data49 === "HUMAN_APPROVED" || data49 === "HUMAN_REJECTED" || data49 === "TIMEOUT_APPROVED" || data49 === "TIMEOUT_REJECTED" || data49 === "REJECT")) {
            const err174 = { instancePath: instancePath + "/review/decision", schemaPath: "#/properties/review/properties/decision/enum", keyword: "enum", params: { allowedValues: schema31.properties.review.properties.decision.enum }, message: "must be equal to one of the allowed values" };
            if (vErrors === null) {
              vErrors = [err174];
            } else {
              vErrors.push(err174);
            }
            errors++;
          }
        }
        if (data39.policy !== void 0) {
          let data50 = data39.policy;
          if (data50 && typeof data50 == "object" && !Array.isArray(data50)) {
            if (data50.name === void 0) {
              const err175 = { instancePath: instancePath + "/review/policy", schemaPath: "#/properties/review/properties/policy/required", keyword: "required", params: { missingProperty: "name" }, message: "must have required property 'name'" };
              if (vErrors === null) {
                vErrors = [err175];
              } else {
                vErrors.push(err175);
              }
              errors++;
            }
            if (data50.configHash === void 0) {
              const err176 = { instancePath: instancePath + "/review/policy", schemaPath: "#/properties/review/properties/policy/required", keyword: "required", params: { missingProperty: "configHash" }, message: "must have required property 'configHash'" };
              if (vErrors === null) {
                vErrors = [err176];
              } else {
                vErrors.push(err176);
              }
              errors++;
            }
            if (data50.outcome === void 0) {
              const err177 = { instancePath: instancePath + "/review/policy", schemaPath: "#/properties/review/properties/policy/required", keyword: "required", params: { missingProperty: "outcome" }, message: "must have required property 'outcome'" };
              if (vErrors === null) {
                vErrors = [err177];
              } else {
                vErrors.push(err177);
              }
              errors++;
            }
            for (const key8 in data50) {
              if (!(key8 === "name" || key8 === "configHash" || key8 === "outcome" || key8 === "reviewer" || key8 === "note")) {
                const err178 = { instancePath: instancePath + "/review/policy", schemaPath: "#/properties/review/properties/policy/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key8 }, message: "must NOT have additional properties" };
                if (vErrors === null) {
                  vErrors = [err178];
                } else {
                  vErrors.push(err178);
                }
                errors++;
              }
            }
            if (data50.name !== void 0) {
              let data51 = data50.name;
              if (typeof data51 === "string") {
                if (func2(data51) > 100) {
                  const err179 = { instancePath: instancePath + "/review/policy/name", schemaPath: "#/properties/review/properties/policy/properties/name/maxLength", keyword: "maxLength", params: { limit: 100 }, message: "must NOT have more than 100 characters" };
                  if (vErrors === null) {
                    vErrors = [err179];
                  } else {
                    vErrors.push(err179);
                  }
                  errors++;
                }
                if (func2(data51) < 1) {
                  const err180 = { instancePath: instancePath + "/review/policy/name", schemaPath: "#/properties/review/properties/policy/properties/name/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                  if (vErrors === null) {
                    vErrors = [err180];
                  } else {
                    vErrors.push(err180);
                  }
                  errors++;
                }
              } else {
                const err181 = { instancePath: instancePath + "/review/policy/name", schemaPath: "#/properties/review/properties/policy/properties/name/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err181];
                } else {
                  vErrors.push(err181);
                }
                errors++;
              }
            }
            if (data50.configHash !== void 0) {
              let data52 = data50.configHash;
              if (typeof data52 === "string") {
                if (!pattern4.test(data52)) {
                  const err182 = { instancePath: instancePath + "/review/policy/configHash", schemaPath: "#/properties/review/properties/policy/properties/configHash/pattern", keyword: "pattern", params: { pattern: "^sha256:[0-9a-f]{64}$" }, message: 'must match pattern "^sha256:[0-9a-f]{64}$"' };
                  if (vErrors === null) {
                    vErrors = [err182];
                  } else {
                    vErrors.push(err182);
                  }
                  errors++;
                }
              } else {
                const err183 = { instancePath: instancePath + "/review/policy/configHash", schemaPath: "#/properties/review/properties/policy/properties/configHash/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err183];
                } else {
                  vErrors.push(err183);
                }
                errors++;
              }
            }
            if (data50.outcome !== void 0) {
              let data53 = data50.outcome;
              if (typeof data53 !== "string") {
                const err184 = { instancePath: instancePath + "/review/policy/outcome", schemaPath: "#/properties/review/properties/policy/properties/outcome/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err184];
                } else {
                  vErrors.push(err184);
                }
                errors++;
              }
              if (!(data53 === "AUTO_APPROVE" || data53 === "HUMAN_REVIEW" || data53 === "REJECT")) {
                const err185 = { instancePath: instancePath + "/review/policy/outcome", schemaPath: "#/properties/review/properties/policy/properties/outcome/enum", keyword: "enum", params: { allowedValues: schema31.properties.review.properties.policy.properties.outcome.enum }, message: "must be equal to one of the allowed values" };
                if (vErrors === null) {
                  vErrors = [err185];
                } else {
                  vErrors.push(err185);
                }
                errors++;
              }
            }
            if (data50.reviewer !== void 0) {
              let data54 = data50.reviewer;
              if (typeof data54 !== "string" && data54 !== null) {
                const err186 = { instancePath: instancePath + "/review/policy/reviewer", schemaPath: "#/properties/review/properties/policy/properties/reviewer/type", keyword: "type", params: { type: schema31.properties.review.properties.policy.properties.reviewer.type }, message: "must be string,null" };
                if (vErrors === null) {
                  vErrors = [err186];
                } else {
                  vErrors.push(err186);
                }
                errors++;
              }
              if (typeof data54 === "string") {
                if (func2(data54) > 300) {
                  const err187 = { instancePath: instancePath + "/review/policy/reviewer", schemaPath: "#/properties/review/properties/policy/properties/reviewer/maxLength", keyword: "maxLength", params: { limit: 300 }, message: "must NOT have more than 300 characters" };
                  if (vErrors === null) {
                    vErrors = [err187];
                  } else {
                    vErrors.push(err187);
                  }
                  errors++;
                }
              }
            }
            if (data50.note !== void 0) {
              let data55 = data50.note;
              if (typeof data55 !== "string" && data55 !== null) {
                const err188 = { instancePath: instancePath + "/review/policy/note", schemaPath: "#/properties/review/properties/policy/properties/note/type", keyword: "type", params: { type: schema31.properties.review.properties.policy.properties.note.type }, message: "must be string,null" };
                if (vErrors === null) {
                  vErrors = [err188];
                } else {
                  vErrors.push(err188);
                }
                errors++;
              }
              if (typeof data55 === "string") {
                if (func2(data55) > 5e3) {
                  const err189 = { instancePath: instancePath + "/review/policy/note", schemaPath: "#/properties/review/properties/policy/properties/note/maxLength", keyword: "maxLength", params: { limit: 5e3 }, message: "must NOT have more than 5000 characters" };
                  if (vErrors === null) {
                    vErrors = [err189];
                  } else {
                    vErrors.push(err189);
                  }
                  errors++;
                }
              }
            }
          } else {
            const err190 = { instancePath: instancePath + "/review/policy", schemaPath: "#/properties/review/properties/policy/type", keyword: "type", params: { type: "object" }, message: "must be object" };
            if (vErrors === null) {
              vErrors = [err190];
            } else {
              vErrors.push(err190);
            }
            errors++;
          }
        }
      } else {
        const err191 = { instancePath: instancePath + "/review", schemaPath: "#/properties/review/type", keyword: "type", params: { type: "object" }, message: "must be object" };
        if (vErrors === null) {
          vErrors = [err191];
        } else {
          vErrors.push(err191);
        }
        errors++;
      }
    }
    if (data.verification !== void 0) {
      let data56 = data.verification;
      if (data56 && typeof data56 == "object" && !Array.isArray(data56)) {
        if (data56.level === void 0) {
          const err192 = { instancePath: instancePath + "/verification", schemaPath: "#/properties/verification/required", keyword: "required", params: { missingProperty: "level" }, message: "must have required property 'level'" };
          if (vErrors === null) {
            vErrors = [err192];
          } else {
            vErrors.push(err192);
          }
          errors++;
        }
        if (data56.label === void 0) {
          const err193 = { instancePath: instancePath + "/verification", schemaPath: "#/properties/verification/required", keyword: "required", params: { missingProperty: "label" }, message: "must have required property 'label'" };
          if (vErrors === null) {
            vErrors = [err193];
          } else {
            vErrors.push(err193);
          }
          errors++;
        }
        if (data56.claimsExtracted === void 0) {
          const err194 = { instancePath: instancePath + "/verification", schemaPath: "#/properties/verification/required", keyword: "required", params: { missingProperty: "claimsExtracted" }, message: "must have required property 'claimsExtracted'" };
          if (vErrors === null) {
            vErrors = [err194];
          } else {
            vErrors.push(err194);
          }
          errors++;
        }
        if (data56.claimsVerified === void 0) {
          const err195 = { instancePath: instancePath + "/verification", schemaPath: "#/properties/verification/required", keyword: "required", params: { missingProperty: "claimsVerified" }, message: "must have required property 'claimsVerified'" };
          if (vErrors === null) {
            vErrors = [err195];
          } else {
            vErrors.push(err195);
          }
          errors++;
        }
        if (data56.threshold === void 0) {
          const err196 = { instancePath: instancePath + "/verification", schemaPath: "#/properties/verification/required", keyword: "required", params: { missingProperty: "threshold" }, message: "must have required property 'threshold'" };
          if (vErrors === null) {
            vErrors = [err196];
          } else {
            vErrors.push(err196);
          }
          errors++;
        }
        for (const key9 in data56) {
          if (!(key9 === "level" || key9 === "label" || key9 === "claimsExtracted" || key9 === "claimsVerified" || key9 === "threshold" || key9 === "answer")) {
            const err197 = { instancePath: instancePath + "/verification", schemaPath: "#/properties/verification/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key9 }, message: "must NOT have additional properties" };
            if (vErrors === null) {
              vErrors = [err197];
            } else {
              vErrors.push(err197);
            }
            errors++;
          }
        }
        if (data56.level !== void 0) {
          let data57 = data56.level;
          if (typeof data57 !== "string") {
            const err198 = { instancePath: instancePath + "/verification/level", schemaPath: "#/properties/verification/properties/level/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err198];
            } else {
              vErrors.push(err198);
            }
            errors++;
          }
          if (!(data57 === "L0" || data57 === "L1" || data57 === "L2" || data57 === "L3" || data57 === "L4")) {
            const err199 = { instancePath: instancePath + "/verification/level", schemaPath: "#/properties/verification/properties/level/enum", keyword: "enum", params: { allowedValues: schema31.properties.verification.properties.level.enum }, message: "must be equal to one of the allowed values" };
            if (vErrors === null) {
              vErrors = [err199];
            } else {
              vErrors.push(err199);
            }
            errors++;
          }
        }
        if (data56.label !== void 0) {
          let data58 = data56.label;
          if (typeof data58 === "string") {
            if (func2(data58) > 200) {
              const err200 = { instancePath: instancePath + "/verification/label", schemaPath: "#/properties/verification/properties/label/maxLength", keyword: "maxLength", params: { limit: 200 }, message: "must NOT have more than 200 characters" };
              if (vErrors === null) {
                vErrors = [err200];
              } else {
                vErrors.push(err200);
              }
              errors++;
            }
            if (func2(data58) < 1) {
              const err201 = { instancePath: instancePath + "/verification/label", schemaPath: "#/properties/verification/properties/label/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
              if (vErrors === null) {
                vErrors = [err201];
              } else {
                vErrors.push(err201);
              }
              errors++;
            }
          } else {
            const err202 = { instancePath: instancePath + "/verification/label", schemaPath: "#/properties/verification/properties/label/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err202];
            } else {
              vErrors.push(err202);
            }
            errors++;
          }
        }
        if (data56.claimsExtracted !== void 0) {
          let data59 = data56.claimsExtracted;
          if (!(typeof data59 == "number" && (!(data59 % 1) && !isNaN(data59)) && isFinite(data59))) {
            const err203 = { instancePath: instancePath + "/verification/claimsExtracted", schemaPath: "#/properties/verification/properties/claimsExtracted/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
            if (vErrors === null) {
              vErrors = [err203];
            } else {
              vErrors.push(err203);
            }
            errors++;
          }
          if (typeof data59 == "number" && isFinite(data59)) {
            if (data59 < 0 || isNaN(data59)) {
              const err204 = { instancePath: instancePath + "/verification/claimsExtracted", schemaPath: "#/properties/verification/properties/claimsExtracted/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
              if (vErrors === null) {
                vErrors = [err204];
              } else {
                vErrors.push(err204);
              }
              errors++;
            }
          }
        }
        if (data56.claimsVerified !== void 0) {
          let data60 = data56.claimsVerified;
          if (!(typeof data60 == "number" && (!(data60 % 1) && !isNaN(data60)) && isFinite(data60))) {
            const err205 = { instancePath: instancePath + "/verification/claimsVerified", schemaPath: "#/properties/verification/properties/claimsVerified/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
            if (vErrors === null) {
              vErrors = [err205];
            } else {
              vErrors.push(err205);
            }
            errors++;
          }
          if (typeof data60 == "number" && isFinite(data60)) {
            if (data60 < 0 || isNaN(data60)) {
              const err206 = { instancePath: instancePath + "/verification/claimsVerified", schemaPath: "#/properties/verification/properties/claimsVerified/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
              if (vErrors === null) {
                vErrors = [err206];
              } else {
                vErrors.push(err206);
              }
              errors++;
            }
          }
        }
        if (data56.threshold !== void 0) {
          let data61 = data56.threshold;
          if (typeof data61 == "number" && isFinite(data61)) {
            if (data61 > 1 || isNaN(data61)) {
              const err207 = { instancePath: instancePath + "/verification/threshold", schemaPath: "#/properties/verification/properties/threshold/maximum", keyword: "maximum", params: { comparison: "<=", limit: 1 }, message: "must be <= 1" };
              if (vErrors === null) {
                vErrors = [err207];
              } else {
                vErrors.push(err207);
              }
              errors++;
            }
            if (data61 < 0 || isNaN(data61)) {
              const err208 = { instancePath: instancePath + "/verification/threshold", schemaPath: "#/properties/verification/properties/threshold/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
              if (vErrors === null) {
                vErrors = [err208];
              } else {
                vErrors.push(err208);
              }
              errors++;
            }
          } else {
            const err209 = { instancePath: instancePath + "/verification/threshold", schemaPath: "#/properties/verification/properties/threshold/type", keyword: "type", params: { type: "number" }, message: "must be number" };
            if (vErrors === null) {
              vErrors = [err209];
            } else {
              vErrors.push(err209);
            }
            errors++;
          }
        }
        if (data56.answer !== void 0) {
          let data62 = data56.answer;
          if (data62 && typeof data62 == "object" && !Array.isArray(data62)) {
            if (data62.sentences === void 0) {
              const err210 = { instancePath: instancePath + "/verification/answer", schemaPath: "#/properties/verification/properties/answer/required", keyword: "required", params: { missingProperty: "sentences" }, message: "must have required property 'sentences'" };
              if (vErrors === null) {
                vErrors = [err210];
              } else {
                vErrors.push(err210);
              }
              errors++;
            }
            if (data62.supported === void 0) {
              const err211 = { instancePath: instancePath + "/verification/answer", schemaPath: "#/properties/verification/properties/answer/required", keyword: "required", params: { missingProperty: "supported" }, message: "must have required property 'supported'" };
              if (vErrors === null) {
                vErrors = [err211];
              } else {
                vErrors.push(err211);
              }
              errors++;
            }
            if (data62.unsupported === void 0) {
              const err212 = { instancePath: instancePath + "/verification/answer", schemaPath: "#/properties/verification/properties/answer/required", keyword: "required", params: { missingProperty: "unsupported" }, message: "must have required property 'unsupported'" };
              if (vErrors === null) {
                vErrors = [err212];
              } else {
                vErrors.push(err212);
              }
              errors++;
            }
            if (data62.methods === void 0) {
              const err213 = { instancePath: instancePath + "/verification/answer", schemaPath: "#/properties/verification/properties/answer/required", keyword: "required", params: { missingProperty: "methods" }, message: "must have required property 'methods'" };
              if (vErrors === null) {
                vErrors = [err213];
              } else {
                vErrors.push(err213);
              }
              errors++;
            }
            for (const key10 in data62) {
              if (!(key10 === "sentences" || key10 === "supported" || key10 === "unsupported" || key10 === "methods")) {
                const err214 = { instancePath: instancePath + "/verification/answer", schemaPath: "#/properties/verification/properties/answer/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key10 }, message: "must NOT have additional properties" };
                if (vErrors === null) {
                  vErrors = [err214];
                } else {
                  vErrors.push(err214);
                }
                errors++;
              }
            }
            if (data62.sentences !== void 0) {
              let data63 = data62.sentences;
              if (!(typeof data63 == "number" && (!(data63 % 1) && !isNaN(data63)) && isFinite(data63))) {
                const err215 = { instancePath: instancePath + "/verification/answer/sentences", schemaPath: "#/properties/verification/properties/answer/properties/sentences/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
                if (vErrors === null) {
                  vErrors = [err215];
                } else {
                  vErrors.push(err215);
                }
                errors++;
              }
              if (typeof data63 == "number" && isFinite(data63)) {
                if (data63 < 0 || isNaN(data63)) {
                  const err216 = { instancePath: instancePath + "/verification/answer/sentences", schemaPath: "#/properties/verification/properties/answer/properties/sentences/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
                  if (vErrors === null) {
                    vErrors = [err216];
                  } else {
                    vErrors.push(err216);
                  }
                  errors++;
                }
              }
            }
            if (data62.supported !== void 0) {
              let data64 = data62.supported;
              if (!(typeof data64 == "number" && (!(data64 % 1) && !isNaN(data64)) && isFinite(data64))) {
                const err217 = { instancePath: instancePath + "/verification/answer/supported", schemaPath: "#/properties/verification/properties/answer/properties/supported/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
                if (vErrors === null) {
                  vErrors = [err217];
                } else {
                  vErrors.push(err217);
                }
                errors++;
              }
              if (typeof data64 == "number" && isFinite(data64)) {
                if (data64 < 0 || isNaN(data64)) {
                  const err218 = { instancePath: instancePath + "/verification/answer/supported", schemaPath: "#/properties/verification/properties/answer/properties/supported/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
                  if (vErrors === null) {
                    vErrors = [err218];
                  } else {
                    vErrors.push(err218);
                  }
                  errors++;
                }
              }
            }
            if (data62.unsupported !== void 0) {
              let data65 = data62.unsupported;
              if (!(typeof data65 == "number" && (!(data65 % 1) && !isNaN(data65)) && isFinite(data65))) {
                const err219 = { instancePath: instancePath + "/verification/answer/unsupported", schemaPath: "#/properties/verification/properties/answer/properties/unsupported/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
                if (vErrors === null) {
                  vErrors = [err219];
                } else {
                  vErrors.push(err219);
                }
                errors++;
              }
              if (typeof data65 == "number" && isFinite(data65)) {
                if (data65 < 0 || isNaN(data65)) {
                  const err220 = { instancePath: instancePath + "/verification/answer/unsupported", schemaPath: "#/properties/verification/properties/answer/properties/unsupported/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
                  if (vErrors === null) {
                    vErrors = [err220];
                  } else {
                    vErrors.push(err220);
                  }
                  errors++;
                }
              }
            }
            if (data62.methods !== void 0) {
              let data66 = data62.methods;
              if (Array.isArray(data66)) {
                if (data66.length < 1) {
                  const err221 = { instancePath: instancePath + "/verification/answer/methods", schemaPath: "#/properties/verification/properties/answer/properties/methods/minItems", keyword: "minItems", params: { limit: 1 }, message: "must NOT have fewer than 1 items" };
                  if (vErrors === null) {
                    vErrors = [err221];
                  } else {
                    vErrors.push(err221);
                  }
                  errors++;
                }
                const len4 = data66.length;
                for (let i4 = 0; i4 < len4; i4++) {
                  let data67 = data66[i4];
                  if (typeof data67 === "string") {
                    if (func2(data67) > 200) {
                      const err222 = { instancePath: instancePath + "/verification/answer/methods/" + i4, schemaPath: "#/properties/verification/properties/answer/properties/methods/items/maxLength", keyword: "maxLength", params: { limit: 200 }, message: "must NOT have more than 200 characters" };
                      if (vErrors === null) {
                        vErrors = [err222];
                      } else {
                        vErrors.push(err222);
                      }
                      errors++;
                    }
                    if (func2(data67) < 1) {
                      const err223 = { instancePath: instancePath + "/verification/answer/methods/" + i4, schemaPath: "#/properties/verification/properties/answer/properties/methods/items/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                      if (vErrors === null) {
                        vErrors = [err223];
                      } else {
                        vErrors.push(err223);
                      }
                      errors++;
                    }
                  } else {
                    const err224 = { instancePath: instancePath + "/verification/answer/methods/" + i4, schemaPath: "#/properties/verification/properties/answer/properties/methods/items/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                    if (vErrors === null) {
                      vErrors = [err224];
                    } else {
                      vErrors.push(err224);
                    }
                    errors++;
                  }
                }
              } else {
                const err225 = { instancePath: instancePath + "/verification/answer/methods", schemaPath: "#/properties/verification/properties/answer/properties/methods/type", keyword: "type", params: { type: "array" }, message: "must be array" };
                if (vErrors === null) {
                  vErrors = [err225];
                } else {
                  vErrors.push(err225);
                }
                errors++;
              }
            }
          } else {
            const err226 = { instancePath: instancePath + "/verification/answer", schemaPath: "#/properties/verification/properties/answer/type", keyword: "type", params: { type: "object" }, message: "must be object" };
            if (vErrors === null) {
              vErrors = [err226];
            } else {
              vErrors.push(err226);
            }
            errors++;
          }
        }
      } else {
        const err227 = { instancePath: instancePath + "/verification", schemaPath: "#/properties/verification/type", keyword: "type", params: { type: "object" }, message: "must be object" };
        if (vErrors === null) {
          vErrors = [err227];
        } else {
          vErrors.push(err227);
        }
        errors++;
      }
    }
    if (data.qualityTier !== void 0) {
      let data68 = data.qualityTier;
      if (data68 && typeof data68 == "object" && !Array.isArray(data68)) {
        if (data68.tier === void 0) {
          const err228 = { instancePath: instancePath + "/qualityTier", schemaPath: "#/properties/qualityTier/required", keyword: "required", params: { missingProperty: "tier" }, message: "must have required property 'tier'" };
          if (vErrors === null) {
            vErrors = [err228];
          } else {
            vErrors.push(err228);
          }
          errors++;
        }
        if (data68.basis === void 0) {
          const err229 = { instancePath: instancePath + "/qualityTier", schemaPath: "#/properties/qualityTier/required", keyword: "required", params: { missingProperty: "basis" }, message: "must have required property 'basis'" };
          if (vErrors === null) {
            vErrors = [err229];
          } else {
            vErrors.push(err229);
          }
          errors++;
        }
        for (const key11 in data68) {
          if (!(key11 === "tier" || key11 === "basis")) {
            const err230 = { instancePath: instancePath + "/qualityTier", schemaPath: "#/properties/qualityTier/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key11 }, message: "must NOT have additional properties" };
            if (vErrors === null) {
              vErrors = [err230];
            } else {
              vErrors.push(err230);
            }
            errors++;
          }
        }
        if (data68.tier !== void 0) {
          let data69 = data68.tier;
          if (typeof data69 !== "string") {
            const err231 = { instancePath: instancePath + "/qualityTier/tier", schemaPath: "#/properties/qualityTier/properties/tier/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err231];
            } else {
              vErrors.push(err231);
            }
            errors++;
          }
          if (!(data69 === "DOI-grade" || data69 === "Watchlist" || data69 === "Withdrawn")) {
            const err232 = { instancePath: instancePath + "/qualityTier/tier", schemaPath: "#/properties/qualityTier/properties/tier/enum", keyword: "enum", params: { allowedValues: schema31.properties.qualityTier.properties.tier.enum }, message: "must be equal to one of the allowed values" };
            if (vErrors === null) {
              vErrors = [err232];
            } else {
              vErrors.push(err232);
            }
            errors++;
          }
        }
        if (data68.basis !== void 0) {
          let data70 = data68.basis;
          if (typeof data70 === "string") {
            if (func2(data70) > 2e3) {
              const err233 = { instancePath: instancePath + "/qualityTier/basis", schemaPath: "#/properties/qualityTier/properties/basis/maxLength", keyword: "maxLength", params: { limit: 2e3 }, message: "must NOT have more than 2000 characters" };
              if (vErrors === null) {
                vErrors = [err233];
              } else {
                vErrors.push(err233);
              }
              errors++;
            }
            if (func2(data70) < 1) {
              const err234 = { instancePath: instancePath + "/qualityTier/basis", schemaPath: "#/properties/qualityTier/properties/basis/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
              if (vErrors === null) {
                vErrors = [err234];
              } else {
                vErrors.push(err234);
              }
              errors++;
            }
          } else {
            const err235 = { instancePath: instancePath + "/qualityTier/basis", schemaPath: "#/properties/qualityTier/properties/basis/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err235];
            } else {
              vErrors.push(err235);
            }
            errors++;
          }
        }
      } else {
        const err236 = { instancePath: instancePath + "/qualityTier", schemaPath: "#/properties/qualityTier/type", keyword: "type", params: { type: "object" }, message: "must be object" };
        if (vErrors === null) {
          vErrors = [err236];
        } else {
          vErrors.push(err236);
        }
        errors++;
      }
    }
    if (data.qualityDimensions !== void 0) {
      let data71 = data.qualityDimensions;
      if (data71 && typeof data71 == "object" && !Array.isArray(data71)) {
        if (data71.evidenceStrength === void 0) {
          const err237 = { instancePath: instancePath + "/qualityDimensions", schemaPath: "#/properties/qualityDimensions/required", keyword: "required", params: { missingProperty: "evidenceStrength" }, message: "must have required property 'evidenceStrength'" };
          if (vErrors === null) {
            vErrors = [err237];
          } else {
            vErrors.push(err237);
          }
          errors++;
        }
        if (data71.citationGrounding === void 0) {
          const err238 = { instancePath: instancePath + "/qualityDimensions", schemaPath: "#/properties/qualityDimensions/required", keyword: "required", params: { missingProperty: "citationGrounding" }, message: "must have required property 'citationGrounding'" };
          if (vErrors === null) {
            vErrors = [err238];
          } else {
            vErrors.push(err238);
          }
          errors++;
        }
        if (data71.uncertaintyDisclosure === void 0) {
          const err239 = { instancePath: instancePath + "/qualityDimensions", schemaPath: "#/properties/qualityDimensions/required", keyword: "required", params: { missingProperty: "uncertaintyDisclosure" }, message: "must have required property 'uncertaintyDisclosure'" };
          if (vErrors === null) {
            vErrors = [err239];
          } else {
            vErrors.push(err239);
          }
          errors++;
        }
        if (data71.reproducibilityStatus === void 0) {
          const err240 = { instancePath: instancePath + "/qualityDimensions", schemaPath: "#/properties/qualityDimensions/required", keyword: "required", params: { missingProperty: "reproducibilityStatus" }, message: "must have required property 'reproducibilityStatus'" };
          if (vErrors === null) {
            vErrors = [err240];
          } else {
            vErrors.push(err240);
          }
          errors++;
        }
        for (const key12 in data71) {
          if (!(key12 === "evidenceStrength" || key12 === "citationGrounding" || key12 === "uncertaintyDisclosure" || key12 === "reproducibilityStatus")) {
            const err241 = { instancePath: instancePath + "/qualityDimensions", schemaPath: "#/properties/qualityDimensions/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key12 }, message: "must NOT have additional properties" };
            if (vErrors === null) {
              vErrors = [err241];
            } else {
              vErrors.push(err241);
            }
            errors++;
          }
        }
        if (data71.evidenceStrength !== void 0) {
          let data72 = data71.evidenceStrength;
          if (typeof data72 !== "string") {
            const err242 = { instancePath: instancePath + "/qualityDimensions/evidenceStrength", schemaPath: "#/properties/qualityDimensions/properties/evidenceStrength/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err242];
            } else {
              vErrors.push(err242);
            }
            errors++;
          }
          if (!(data72 === "LOW" || data72 === "MEDIUM" || data72 === "HIGH")) {
            const err243 = { instancePath: instancePath + "/qualityDimensions/evidenceStrength", schemaPath: "#/properties/qualityDimensions/properties/evidenceStrength/enum", keyword: "enum", params: { allowedValues: schema31.properties.qualityDimensions.properties.evidenceStrength.enum }, message: "must be equal to one of the allowed values" };
            if (vErrors === null) {
              vErrors = [err243];
            } else {
              vErrors.push(err243);
            }
            errors++;
          }
        }
        if (data71.citationGrounding !== void 0) {
          let data73 = data71.citationGrounding;
          if (typeof data73 !== "string") {
            const err244 = { instancePath: instancePath + "/qualityDimensions/citationGrounding", schemaPath: "#/properties/qualityDimensions/properties/citationGrounding/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err244];
            } else {
              vErrors.push(err244);
            }
            errors++;
          }
          if (!(data73 === "LOW" || data73 === "MEDIUM" || data73 === "HIGH")) {
            const err245 = { instancePath: instancePath + "/qualityDimensions/citationGrounding", schemaPath: "#/properties/qualityDimensions/properties/citationGrounding/enum", keyword: "enum", params: { allowedValues: schema31.properties.qualityDimensions.properties.citationGrounding.enum }, message: "must be equal to one of the allowed values" };
            if (vErrors === null) {
              vErrors = [err245];
            } else {
              vErrors.push(err245);
            }
            errors++;
          }
        }
        if (data71.uncertaintyDisclosure !== void 0) {
          let data74 = data71.uncertaintyDisclosure;
          if (typeof data74 !== "string") {
            const err246 = { instancePath: instancePath + "/qualityDimensions/uncertaintyDisclosure", schemaPath: "#/properties/qualityDimensions/properties/uncertaintyDisclosure/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err246];
            } else {
              vErrors.push(err246);
            }
            errors++;
          }
          if (!(data74 === "LOW" || data74 === "MEDIUM" || data74 === "HIGH")) {
            const err247 = { instancePath: instancePath + "/qualityDimensions/uncertaintyDisclosure", schemaPath: "#/properties/qualityDimensions/properties/uncertaintyDisclosure/enum", keyword: "enum", params: { allowedValues: schema31.properties.qualityDimensions.properties.uncertaintyDisclosure.enum }, message: "must be equal to one of the allowed values" };
            if (vErrors === null) {
              vErrors = [err247];
            } else {
              vErrors.push(err247);
            }
            errors++;
          }
        }
        if (data71.reproducibilityStatus !== void 0) {
          let data75 = data71.reproducibilityStatus;
          if (typeof data75 !== "string") {
            const err248 = { instancePath: instancePath + "/qualityDimensions/reproducibilityStatus", schemaPath: "#/properties/qualityDimensions/properties/reproducibilityStatus/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err248];
            } else {
              vErrors.push(err248);
            }
            errors++;
          }
          if (!(data75 === "LOW" || data75 === "MEDIUM" || data75 === "HIGH")) {
            const err249 = { instancePath: instancePath + "/qualityDimensions/reproducibilityStatus", schemaPath: "#/properties/qualityDimensions/properties/reproducibilityStatus/enum", keyword: "enum", params: { allowedValues: schema31.properties.qualityDimensions.properties.reproducibilityStatus.enum }, message: "must be equal to one of the allowed values" };
            if (vErrors === null) {
              vErrors = [err249];
            } else {
              vErrors.push(err249);
            }
            errors++;
          }
        }
      } else {
        const err250 = { instancePath: instancePath + "/qualityDimensions", schemaPath: "#/properties/qualityDimensions/type", keyword: "type", params: { type: "object" }, message: "must be object" };
        if (vErrors === null) {
          vErrors = [err250];
        } else {
          vErrors.push(err250);
        }
        errors++;
      }
    }
    if (data.claims !== void 0) {
      let data76 = data.claims;
      if (Array.isArray(data76)) {
        const len5 = data76.length;
        for (let i5 = 0; i5 < len5; i5++) {
          let data77 = data76[i5];
          if (data77 && typeof data77 == "object" && !Array.isArray(data77)) {
            if (data77.claimId === void 0) {
              const err251 = { instancePath: instancePath + "/claims/" + i5, schemaPath: "#/properties/claims/items/required", keyword: "required", params: { missingProperty: "claimId" }, message: "must have required property 'claimId'" };
              if (vErrors === null) {
                vErrors = [err251];
              } else {
                vErrors.push(err251);
              }
              errors++;
            }
            if (data77.text === void 0) {
              const err252 = { instancePath: instancePath + "/claims/" + i5, schemaPath: "#/properties/claims/items/required", keyword: "required", params: { missingProperty: "text" }, message: "must have required property 'text'" };
              if (vErrors === null) {
                vErrors = [err252];
              } else {
                vErrors.push(err252);
              }
              errors++;
            }
            if (data77.verified === void 0) {
              const err253 = { instancePath: instancePath + "/claims/" + i5, schemaPath: "#/properties/claims/items/required", keyword: "required", params: { missingProperty: "verified" }, message: "must have required property 'verified'" };
              if (vErrors === null) {
                vErrors = [err253];
              } else {
                vErrors.push(err253);
              }
              errors++;
            }
            if (data77.confidence === void 0) {
              const err254 = { instancePath: instancePath + "/claims/" + i5, schemaPath: "#/properties/claims/items/required", keyword: "required", params: { missingProperty: "confidence" }, message: "must have required property 'confidence'" };
              if (vErrors === null) {
                vErrors = [err254];
              } else {
                vErrors.push(err254);
              }
              errors++;
            }
            if (data77.sourceIds === void 0) {
              const err255 = { instancePath: instancePath + "/claims/" + i5, schemaPath: "#/properties/claims/items/required", keyword: "required", params: { missingProperty: "sourceIds" }, message: "must have required property 'sourceIds'" };
              if (vErrors === null) {
                vErrors = [err255];
              } else {
                vErrors.push(err255);
              }
              errors++;
            }
            if (data77.recordHash === void 0) {
              const err256 = { instancePath: instancePath + "/claims/" + i5, schemaPath: "#/properties/claims/items/required", keyword: "required", params: { missingProperty: "recordHash" }, message: "must have required property 'recordHash'" };
              if (vErrors === null) {
                vErrors = [err256];
              } else {
                vErrors.push(err256);
              }
              errors++;
            }
            for (const key13 in data77) {
              if (!(key13 === "claimId" || key13 === "text" || key13 === "verified" || key13 === "confidence" || key13 === "sourceIds" || key13 === "recordHash")) {
                const err257 = { instancePath: instancePath + "/claims/" + i5, schemaPath: "#/properties/claims/items/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key13 }, message: "must NOT have additional properties" };
                if (vErrors === null) {
                  vErrors = [err257];
                } else {
                  vErrors.push(err257);
                }
                errors++;
              }
            }
            if (data77.claimId !== void 0) {
              let data78 = data77.claimId;
              if (typeof data78 === "string") {
                if (func2(data78) > 200) {
                  const err258 = { instancePath: instancePath + "/claims/" + i5 + "/claimId", schemaPath: "#/properties/claims/items/properties/claimId/maxLength", keyword: "maxLength", params: { limit: 200 }, message: "must NOT have more than 200 characters" };
                  if (vErrors === null) {
                    vErrors = [err258];
                  } else {
                    vErrors.push(err258);
                  }
                  errors++;
                }
                if (func2(data78) < 1) {
                  const err259 = { instancePath: instancePath + "/claims/" + i5 + "/claimId", schemaPath: "#/properties/claims/items/properties/claimId/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                  if (vErrors === null) {
                    vErrors = [err259];
                  } else {
                    vErrors.push(err259);
                  }
                  errors++;
                }
              } else {
                const err260 = { instancePath: instancePath + "/claims/" + i5 + "/claimId", schemaPath: "#/properties/claims/items/properties/claimId/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err260];
                } else {
                  vErrors.push(err260);
                }
                errors++;
              }
            }
            if (data77.text !== void 0) {
              let data79 = data77.text;
              if (typeof data79 === "string") {
                if (func2(data79) > 5e3) {
                  const err261 = { instancePath: instancePath + "/claims/" + i5 + "/text", schemaPath: "#/properties/claims/items/properties/text/maxLength", keyword: "maxLength", params: { limit: 5e3 }, message: "must NOT have more than 5000 characters" };
                  if (vErrors === null) {
                    vErrors = [err261];
                  } else {
                    vErrors.push(err261);
                  }
                  errors++;
                }
                if (func2(data79) < 1) {
                  const err262 = { instancePath: instancePath + "/claims/" + i5 + "/text", schemaPath: "#/properties/claims/items/properties/text/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                  if (vErrors === null) {
                    vErrors = [err262];
                  } else {
                    vErrors.push(err262);
                  }
                  errors++;
                }
              } else {
                const err263 = { instancePath: instancePath + "/claims/" + i5 + "/text", schemaPath: "#/properties/claims/items/properties/text/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err263];
                } else {
                  vErrors.push(err263);
                }
                errors++;
              }
            }
            if (data77.verified !== void 0) {
              if (typeof data77.verified !== "boolean") {
                const err264 = { instancePath: instancePath + "/claims/" + i5 + "/verified", schemaPath: "#/properties/claims/items/properties/verified/type", keyword: "type", params: { type: "boolean" }, message: "must be boolean" };
                if (vErrors === null) {
                  vErrors = [err264];
                } else {
                  vErrors.push(err264);
                }
                errors++;
              }
            }
            if (data77.confidence !== void 0) {
              let data81 = data77.confidence;
              if (typeof data81 == "number" && isFinite(data81)) {
                if (data81 > 1 || isNaN(data81)) {
                  const err265 = { instancePath: instancePath + "/claims/" + i5 + "/confidence", schemaPath: "#/properties/claims/items/properties/confidence/maximum", keyword: "maximum", params: { comparison: "<=", limit: 1 }, message: "must be <= 1" };
                  if (vErrors === null) {
                    vErrors = [err265];
                  } else {
                    vErrors.push(err265);
                  }
                  errors++;
                }
                if (data81 < 0 || isNaN(data81)) {
                  const err266 = { instancePath: instancePath + "/claims/" + i5 + "/confidence", schemaPath: "#/properties/claims/items/properties/confidence/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
                  if (vErrors === null) {
                    vErrors = [err266];
                  } else {
                    vErrors.push(err266);
                  }
                  errors++;
                }
              } else {
                const err267 = { instancePath: instancePath + "/claims/" + i5 + "/confidence", schemaPath: "#/properties/claims/items/properties/confidence/type", keyword: "type", params: { type: "number" }, message: "must be number" };
                if (vErrors === null) {
                  vErrors = [err267];
                } else {
                  vErrors.push(err267);
                }
                errors++;
              }
            }
            if (data77.sourceIds !== void 0) {
              let data82 = data77.sourceIds;
              if (Array.isArray(data82)) {
                if (data82.length < 1) {
                  const err268 = { instancePath: instancePath + "/claims/" + i5 + "/sourceIds", schemaPath: "#/properties/claims/items/properties/sourceIds/minItems", keyword: "minItems", params: { limit: 1 }, message: "must NOT have fewer than 1 items" };
                  if (vErrors === null) {
                    vErrors = [err268];
                  } else {
                    vErrors.push(err268);
                  }
                  errors++;
                }
                const len6 = data82.length;
                for (let i6 = 0; i6 < len6; i6++) {
                  let data83 = data82[i6];
                  if (typeof data83 === "string") {
                    if (func2(data83) > 300) {
                      const err269 = { instancePath: instancePath + "/claims/" + i5 + "/sourceIds/" + i6, schemaPath: "#/properties/claims/items/properties/sourceIds/items/maxLength", keyword: "maxLength", params: { limit: 300 }, message: "must NOT have more than 300 characters" };
                      if (vErrors === null) {
                        vErrors = [err269];
                      } else {
                        vErrors.push(err269);
                      }
                      errors++;
                    }
                    if (func2(data83) < 1) {
                      const err270 = { instancePath: instancePath + "/claims/" + i5 + "/sourceIds/" + i6, schemaPath: "#/properties/claims/items/properties/sourceIds/items/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                      if (vErrors === null) {
                        vErrors = [err270];
                      } else {
                        vErrors.push(err270);
                      }
                      errors++;
                    }
                  } else {
                    const err271 = { instancePath: instancePath + "/claims/" + i5 + "/sourceIds/" + i6, schemaPath: "#/properties/claims/items/properties/sourceIds/items/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                    if (vErrors === null) {
                      vErrors = [err271];
                    } else {
                      vErrors.push(err271);
                    }
                    errors++;
                  }
                }
              } else {
                const err272 = { instancePath: instancePath + "/claims/" + i5 + "/sourceIds", schemaPath: "#/properties/claims/items/properties/sourceIds/type", keyword: "type", params: { type: "array" }, message: "must be array" };
                if (vErrors === null) {
                  vErrors = [err272];
                } else {
                  vErrors.push(err272);
                }
                errors++;
              }
            }
            if (data77.recordHash !== void 0) {
              let data84 = data77.recordHash;
              if (typeof data84 === "string") {
                if (!pattern4.test(data84)) {
                  const err273 = { instancePath: instancePath + "/claims/" + i5 + "/recordHash", schemaPath: "#/properties/claims/items/properties/recordHash/pattern", keyword: "pattern", params: { pattern: "^sha256:[0-9a-f]{64}$" }, message: 'must match pattern "^sha256:[0-9a-f]{64}$"' };
                  if (vErrors === null) {
                    vErrors = [err273];
                  } else {
                    vErrors.push(err273);
                  }
                  errors++;
                }
              } else {
                const err274 = { instancePath: instancePath + "/claims/" + i5 + "/recordHash", schemaPath: "#/properties/claims/items/properties/recordHash/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err274];
                } else {
                  vErrors.push(err274);
                }
                errors++;
              }
            }
          } else {
            const err275 = { instancePath: instancePath + "/claims/" + i5, schemaPath: "#/properties/claims/items/type", keyword: "type", params: { type: "object" }, message: "must be object" };
            if (vErrors === null) {
              vErrors = [err275];
            } else {
              vErrors.push(err275);
            }
            errors++;
          }
        }
      } else {
        const err276 = { instancePath: instancePath + "/claims", schemaPath: "#/properties/claims/type", keyword: "type", params: { type: "array" }, message: "must be array" };
        if (vErrors === null) {
          vErrors = [err276];
        } else {
          vErrors.push(err276);
        }
        errors++;
      }
    }
    if (data.sources !== void 0) {
      let data85 = data.sources;
      if (Array.isArray(data85)) {
        const len7 = data85.length;
        for (let i7 = 0; i7 < len7; i7++) {
          let data86 = data85[i7];
          if (data86 && typeof data86 == "object" && !Array.isArray(data86)) {
            if (data86.sourceId === void 0) {
              const err277 = { instancePath: instancePath + "/sources/" + i7, schemaPath: "#/properties/sources/items/required", keyword: "required", params: { missingProperty: "sourceId" }, message: "must have required property 'sourceId'" };
              if (vErrors === null) {
                vErrors = [err277];
              } else {
                vErrors.push(err277);
              }
              errors++;
            }
            if (data86.provenanceHash === void 0) {
              const err278 = { instancePath: instancePath + "/sources/" + i7, schemaPath: "#/properties/sources/items/required", keyword: "required", params: { missingProperty: "provenanceHash" }, message: "must have required property 'provenanceHash'" };
              if (vErrors === null) {
                vErrors = [err278];
              } else {
                vErrors.push(err278);
              }
              errors++;
            }
            for (const key14 in data86) {
              if (!(key14 === "sourceId" || key14 === "provenanceHash")) {
                const err279 = { instancePath: instancePath + "/sources/" + i7, schemaPath: "#/properties/sources/items/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key14 }, message: "must NOT have additional properties" };
                if (vErrors === null) {
                  vErrors = [err279];
                } else {
                  vErrors.push(err279);
                }
                errors++;
              }
            }
            if (data86.sourceId !== void 0) {
              let data87 = data86.sourceId;
              if (typeof data87 === "string") {
                if (func2(data87) > 300) {
                  const err280 = { instancePath: instancePath + "/sources/" + i7 + "/sourceId", schemaPath: "#/properties/sources/items/properties/sourceId/maxLength", keyword: "maxLength", params: { limit: 300 }, message: "must NOT have more than 300 characters" };
                  if (vErrors === null) {
                    vErrors = [err280];
                  } else {
                    vErrors.push(err280);
                  }
                  errors++;
                }
                if (func2(data87) < 1) {
                  const err281 = { instancePath: instancePath + "/sources/" + i7 + "/sourceId", schemaPath: "#/properties/sources/items/properties/sourceId/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                  if (vErrors === null) {
                    vErrors = [err281];
                  } else {
                    vErrors.push(err281);
                  }
                  errors++;
                }
              } else {
                const err282 = { instancePath: instancePath + "/sources/" + i7 + "/sourceId", schemaPath: "#/properties/sources/items/properties/sourceId/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err282];
                } else {
                  vErrors.push(err282);
                }
                errors++;
              }
            }
            if (data86.provenanceHash !== void 0) {
              let data88 = data86.provenanceHash;
              if (typeof data88 === "string") {
                if (!pattern4.test(data88)) {
                  const err283 = { instancePath: instancePath + "/sources/" + i7 + "/provenanceHash", schemaPath: "#/properties/sources/items/properties/provenanceHash/pattern", keyword: "pattern", params: { pattern: "^sha256:[0-9a-f]{64}$" }, message: 'must match pattern "^sha256:[0-9a-f]{64}$"' };
                  if (vErrors === null) {
                    vErrors = [err283];
                  } else {
                    vErrors.push(err283);
                  }
                  errors++;
                }
              } else {
                const err284 = { instancePath: instancePath + "/sources/" + i7 + "/provenanceHash", schemaPath: "#/properties/sources/items/properties/provenanceHash/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err284];
                } else {
                  vErrors.push(err284);
                }
                errors++;
              }
            }
          } else {
            const err285 = { instancePath: instancePath + "/sources/" + i7, schemaPath: "#/properties/sources/items/type", keyword: "type", params: { type: "object" }, message: "must be object" };
            if (vErrors === null) {
              vErrors = [err285];
            } else {
              vErrors.push(err285);
            }
            errors++;
          }
        }
      } else {
        const err286 = { instancePath: instancePath + "/sources", schemaPath: "#/properties/sources/type", keyword: "type", params: { type: "array" }, message: "must be array" };
        if (vErrors === null) {
          vErrors = [err286];
        } else {
          vErrors.push(err286);
        }
        errors++;
      }
    }
    if (data.correction !== void 0) {
      let data89 = data.correction;
      if (data89 && typeof data89 == "object" && !Array.isArray(data89)) {
        if (data89.status === void 0) {
          const err287 = { instancePath: instancePath + "/correction", schemaPath: "#/properties/correction/required", keyword: "required", params: { missingProperty: "status" }, message: "must have required property 'status'" };
          if (vErrors === null) {
            vErrors = [err287];
          } else {
            vErrors.push(err287);
          }
          errors++;
        }
        if (data89.count === void 0) {
          const err288 = { instancePath: instancePath + "/correction", schemaPath: "#/properties/correction/required", keyword: "required", params: { missingProperty: "count" }, message: "must have required property 'count'" };
          if (vErrors === null) {
            vErrors = [err288];
          } else {
            vErrors.push(err288);
          }
          errors++;
        }
        if (data89.contract === void 0) {
          const err289 = { instancePath: instancePath + "/correction", schemaPath: "#/properties/correction/required", keyword: "required", params: { missingProperty: "contract" }, message: "must have required property 'contract'" };
          if (vErrors === null) {
            vErrors = [err289];
          } else {
            vErrors.push(err289);
          }
          errors++;
        }
        if (data89.records === void 0) {
          const err290 = { instancePath: instancePath + "/correction", schemaPath: "#/properties/correction/required", keyword: "required", params: { missingProperty: "records" }, message: "must have required property 'records'" };
          if (vErrors === null) {
            vErrors = [err290];
          } else {
            vErrors.push(err290);
          }
          errors++;
        }
        for (const key15 in data89) {
          if (!(key15 === "status" || key15 === "count" || key15 === "contract" || key15 === "records")) {
            const err291 = { instancePath: instancePath + "/correction", schemaPath: "#/properties/correction/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key15 }, message: "must NOT have additional properties" };
            if (vErrors === null) {
              vErrors = [err291];
            } else {
              vErrors.push(err291);
            }
            errors++;
          }
        }
        if (data89.status !== void 0) {
          let data90 = data89.status;
          if (typeof data90 !== "string") {
            const err292 = { instancePath: instancePath + "/correction/status", schemaPath: "#/properties/correction/properties/status/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err292];
            } else {
              vErrors.push(err292);
            }
            errors++;
          }
          if (!(data90 === "CURRENT" || data90 === "CORRECTED" || data90 === "UNDER_CONCERN" || data90 === "RETRACTED" || data90 === "WITHDRAWN")) {
            const err293 = { instancePath: instancePath + "/correction/status", schemaPath: "#/properties/correction/properties/status/enum", keyword: "enum", params: { allowedValues: schema31.properties.correction.properties.status.enum }, message: "must be equal to one of the allowed values" };
            if (vErrors === null) {
              vErrors = [err293];
            } else {
              vErrors.push(err293);
            }
            errors++;
          }
        }
        if (data89.count !== void 0) {
          let data91 = data89.count;
          if (!(typeof data91 == "number" && (!(data91 % 1) && !isNaN(data91)) && isFinite(data91))) {
            const err294 = { instancePath: instancePath + "/correction/count", schemaPath: "#/properties/correction/properties/count/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
            if (vErrors === null) {
              vErrors = [err294];
            } else {
              vErrors.push(err294);
            }
            errors++;
          }
          if (typeof data91 == "number" && isFinite(data91)) {
            if (data91 < 0 || isNaN(data91)) {
              const err295 = { instancePath: instancePath + "/correction/count", schemaPath: "#/properties/correction/properties/count/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
              if (vErrors === null) {
                vErrors = [err295];
              } else {
                vErrors.push(err295);
              }
              errors++;
            }
          }
        }
        if (data89.contract !== void 0) {
          if ("correction-record-v1" !== data89.contract) {
            const err296 = { instancePath: instancePath + "/correction/contract", schemaPath: "#/properties/correction/properties/contract/const", keyword: "const", params: { allowedValue: "correction-record-v1" }, message: "must be equal to constant" };
            if (vErrors === null) {
              vErrors = [err296];
            } else {
              vErrors.push(err296);
            }
            errors++;
          }
        }
        if (data89.records !== void 0) {
          let data93 = data89.records;
          if (Array.isArray(data93)) {
            const len8 = data93.length;
            for (let i8 = 0; i8 < len8; i8++) {
              let data94 = data93[i8];
              if (typeof data94 === "string") {
                if (!pattern4.test(data94)) {
                  const err297 = { instancePath: instancePath + "/correction/records/" + i8, schemaPath: "#/properties/correction/properties/records/items/pattern", keyword: "pattern", params: { pattern: "^sha256:[0-9a-f]{64}$" }, message: 'must match pattern "^sha256:[0-9a-f]{64}$"' };
                  if (vErrors === null) {
                    vErrors = [err297];
                  } else {
                    vErrors.push(err297);
                  }
                  errors++;
                }
              } else {
                const err298 = { instancePath: instancePath + "/correction/records/" + i8, schemaPath: "#/properties/correction/properties/records/items/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err298];
                } else {
                  vErrors.push(err298);
                }
                errors++;
              }
            }
          } else {
            const err299 = { instancePath: instancePath + "/correction/records", schemaPath: "#/properties/correction/properties/records/type", keyword: "type", params: { type: "array" }, message: "must be array" };
            if (vErrors === null) {
              vErrors = [err299];
            } else {
              vErrors.push(err299);
            }
            errors++;
          }
        }
      } else {
        const err300 = { instancePath: instancePath + "/correction", schemaPath: "#/properties/correction/type", keyword: "type", params: { type: "object" }, message: "must be object" };
        if (vErrors === null) {
          vErrors = [err300];
        } else {
          vErrors.push(err300);
        }
        errors++;
      }
    }
    if (data.provenance !== void 0) {
      let data95 = data.provenance;
      if (data95 && typeof data95 == "object" && !Array.isArray(data95)) {
        if (data95.publicLevel === void 0) {
          const err301 = { instancePath: instancePath + "/provenance", schemaPath: "#/properties/provenance/required", keyword: "required", params: { missingProperty: "publicLevel" }, message: "must have required property 'publicLevel'" };
          if (vErrors === null) {
            vErrors = [err301];
          } else {
            vErrors.push(err301);
          }
          errors++;
        }
        if (data95.label === void 0) {
          const err302 = { instancePath: instancePath + "/provenance", schemaPath: "#/properties/provenance/required", keyword: "required", params: { missingProperty: "label" }, message: "must have required property 'label'" };
          if (vErrors === null) {
            vErrors = [err302];
          } else {
            vErrors.push(err302);
          }
          errors++;
        }
        if (data95.contract === void 0) {
          const err303 = { instancePath: instancePath + "/provenance", schemaPath: "#/properties/provenance/required", keyword: "required", params: { missingProperty: "contract" }, message: "must have required property 'contract'" };
          if (vErrors === null) {
            vErrors = [err303];
          } else {
            vErrors.push(err303);
          }
          errors++;
        }
        if (data95.claimLineage === void 0) {
          const err304 = { instancePath: instancePath + "/provenance", schemaPath: "#/properties/provenance/required", keyword: "required", params: { missingProperty: "claimLineage" }, message: "must have required property 'claimLineage'" };
          if (vErrors === null) {
            vErrors = [err304];
          } else {
            vErrors.push(err304);
          }
          errors++;
        }
        if (data95.reviewMethod === void 0) {
          const err305 = { instancePath: instancePath + "/provenance", schemaPath: "#/properties/provenance/required", keyword: "required", params: { missingProperty: "reviewMethod" }, message: "must have required property 'reviewMethod'" };
          if (vErrors === null) {
            vErrors = [err305];
          } else {
            vErrors.push(err305);
          }
          errors++;
        }
        if (data95.externalRecord === void 0) {
          const err306 = { instancePath: instancePath + "/provenance", schemaPath: "#/properties/provenance/required", keyword: "required", params: { missingProperty: "externalRecord" }, message: "must have required property 'externalRecord'" };
          if (vErrors === null) {
            vErrors = [err306];
          } else {
            vErrors.push(err306);
          }
          errors++;
        }
        for (const key16 in data95) {
          if (!(key16 === "publicLevel" || key16 === "label" || key16 === "contract" || key16 === "claimLineage" || key16 === "reviewMethod" || key16 === "externalRecord")) {
            const err307 = { instancePath: instancePath + "/provenance", schemaPath: "#/properties/provenance/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key16 }, message: "must NOT have additional properties" };
            if (vErrors === null) {
              vErrors = [err307];
            } else {
              vErrors.push(err307);
            }
            errors++;
          }
        }
        if (data95.publicLevel !== void 0) {
          let data96 = data95.publicLevel;
          if (typeof data96 !== "string") {
            const err308 = { instancePath: instancePath + "/provenance/publicLevel", schemaPath: "#/properties/provenance/properties/publicLevel/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err308];
            } else {
              vErrors.push(err308);
            }
            errors++;
          }
          if (!(data96 === "L1" || data96 === "L2" || data96 === "L3" || data96 === "L4")) {
            const err309 = { instancePath: instancePath + "/provenance/publicLevel", schemaPath: "#/properties/provenance/properties/publicLevel/enum", keyword: "enum", params: { allowedValues: schema31.properties.provenance.properties.publicLevel.enum }, message: "must be equal to one of the allowed values" };
            if (vErrors === null) {
              vErrors = [err309];
            } else {
              vErrors.push(err309);
            }
            errors++;
          }
        }
        if (data95.label !== void 0) {
          let data97 = data95.label;
          if (typeof data97 === "string") {
            if (func2(data97) > 200) {
              const err310 = { instancePath: instancePath + "/provenance/label", schemaPath: "#/properties/provenance/properties/label/maxLength", keyword: "maxLength", params: { limit: 200 }, message: "must NOT have more than 200 characters" };
              if (vErrors === null) {
                vErrors = [err310];
              } else {
                vErrors.push(err310);
              }
              errors++;
            }
            if (func2(data97) < 1) {
              const err311 = { instancePath: instancePath + "/provenance/label", schemaPath: "#/properties/provenance/properties/label/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
              if (vErrors === null) {
                vErrors = [err311];
              } else {
                vErrors.push(err311);
              }
              errors++;
            }
          } else {
            const err312 = { instancePath: instancePath + "/provenance/label", schemaPath: "#/properties/provenance/properties/label/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err312];
            } else {
              vErrors.push(err312);
            }
            errors++;
          }
        }
        if (data95.contract !== void 0) {
          if ("source-provenance-v1" !== data95.contract) {
            const err313 = { instancePath: instancePath + "/provenance/contract", schemaPath: "#/properties/provenance/properties/contract/const", keyword: "const", params: { allowedValue: "source-provenance-v1" }, message: "must be equal to constant" };
            if (vErrors === null) {
              vErrors = [err313];
            } else {
              vErrors.push(err313);
            }
            errors++;
          }
        }
        if (data95.claimLineage !== void 0) {
          let data99 = data95.claimLineage;
          if (typeof data99 === "string") {
            if (func2(data99) > 500) {
              const err314 = { instancePath: instancePath + "/provenance/claimLineage", schemaPath: "#/properties/provenance/properties/claimLineage/maxLength", keyword: "maxLength", params: { limit: 500 }, message: "must NOT have more than 500 characters" };
              if (vErrors === null) {
                vErrors = [err314];
              } else {
                vErrors.push(err314);
              }
              errors++;
            }
            if (func2(data99) < 1) {
              const err315 = { instancePath: instancePath + "/provenance/claimLineage", schemaPath: "#/properties/provenance/properties/claimLineage/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
              if (vErrors === null) {
                vErrors = [err315];
              } else {
                vErrors.push(err315);
              }
              errors++;
            }
          } else {
            const err316 = { instancePath: instancePath + "/provenance/claimLineage", schemaPath: "#/properties/provenance/properties/claimLineage/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err316];
            } else {
              vErrors.push(err316);
            }
            errors++;
          }
        }
        if (data95.reviewMethod !== void 0) {
          let data100 = data95.reviewMethod;
          if (typeof data100 === "string") {
            if (func2(data100) > 300) {
              const err317 = { instancePath: instancePath + "/provenance/reviewMethod", schemaPath: "#/properties/provenance/properties/reviewMethod/maxLength", keyword: "maxLength", params: { limit: 300 }, message: "must NOT have more than 300 characters" };
              if (vErrors === null) {
                vErrors = [err317];
              } else {
                vErrors.push(err317);
              }
              errors++;
            }
            if (func2(data100) < 1) {
              const err318 = { instancePath: instancePath + "/provenance/reviewMethod", schemaPath: "#/properties/provenance/properties/reviewMethod/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
              if (vErrors === null) {
                vErrors = [err318];
              } else {
                vErrors.push(err318);
              }
              errors++;
            }
          } else {
            const err319 = { instancePath: instancePath + "/provenance/reviewMethod", schemaPath: "#/properties/provenance/properties/reviewMethod/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err319];
            } else {
              vErrors.push(err319);
            }
            errors++;
          }
        }
        if (data95.externalRecord !== void 0) {
          let data101 = data95.externalRecord;
          if (typeof data101 !== "string" && data101 !== null) {
            const err320 = { instancePath: instancePath + "/provenance/externalRecord", schemaPath: "#/properties/provenance/properties/externalRecord/type", keyword: "type", params: { type: schema31.properties.provenance.properties.externalRecord.type }, message: "must be string,null" };
            if (vErrors === null) {
              vErrors = [err320];
            } else {
              vErrors.push(err320);
            }
            errors++;
          }
          if (typeof data101 === "string") {
            if (func2(data101) > 500) {
              const err321 = { instancePath: instancePath + "/provenance/externalRecord", schemaPath: "#/properties/provenance/properties/externalRecord/maxLength", keyword: "maxLength", params: { limit: 500 }, message: "must NOT have more than 500 characters" };
              if (vErrors === null) {
                vErrors = [err321];
              } else {
                vErrors.push(err321);
              }
              errors++;
            }
          }
        }
      } else {
        const err322 = { instancePath: instancePath + "/provenance", schemaPath: "#/properties/provenance/type", keyword: "type", params: { type: "object" }, message: "must be object" };
        if (vErrors === null) {
          vErrors = [err322];
        } else {
          vErrors.push(err322);
        }
        errors++;
      }
    }
    if (data.artifacts !== void 0) {
      let data102 = data.artifacts;
      if (Array.isArray(data102)) {
        if (data102.length < 1) {
          const err323 = { instancePath: instancePath + "/artifacts", schemaPath: "#/properties/artifacts/minItems", keyword: "minItems", params: { limit: 1 }, message: "must NOT have fewer than 1 items" };
          if (vErrors === null) {
            vErrors = [err323];
          } else {
            vErrors.push(err323);
          }
          errors++;
        }
        const len9 = data102.length;
        for (let i9 = 0; i9 < len9; i9++) {
          let data103 = data102[i9];
          if (data103 && typeof data103 == "object" && !Array.isArray(data103)) {
            if (data103.name === void 0) {
              const err324 = { instancePath: instancePath + "/artifacts/" + i9, schemaPath: "#/properties/artifacts/items/required", keyword: "required", params: { missingProperty: "name" }, message: "must have required property 'name'" };
              if (vErrors === null) {
                vErrors = [err324];
              } else {
                vErrors.push(err324);
              }
              errors++;
            }
            if (data103.mediaType === void 0) {
              const err325 = { instancePath: instancePath + "/artifacts/" + i9, schemaPath: "#/properties/artifacts/items/required", keyword: "required", params: { missingProperty: "mediaType" }, message: "must have required property 'mediaType'" };
              if (vErrors === null) {
                vErrors = [err325];
              } else {
                vErrors.push(err325);
              }
              errors++;
            }
            if (data103.bytes === void 0) {
              const err326 = { instancePath: instancePath + "/artifacts/" + i9, schemaPath: "#/properties/artifacts/items/required", keyword: "required", params: { missingProperty: "bytes" }, message: "must have required property 'bytes'" };
              if (vErrors === null) {
                vErrors = [err326];
              } else {
                vErrors.push(err326);
              }
              errors++;
            }
            if (data103.sha256 === void 0) {
              const err327 = { instancePath: instancePath + "/artifacts/" + i9, schemaPath: "#/properties/artifacts/items/required", keyword: "required", params: { missingProperty: "sha256" }, message: "must have required property 'sha256'" };
              if (vErrors === null) {
                vErrors = [err327];
              } else {
                vErrors.push(err327);
              }
              errors++;
            }
            for (const key17 in data103) {
              if (!(key17 === "name" || key17 === "mediaType" || key17 === "bytes" || key17 === "sha256")) {
                const err328 = { instancePath: instancePath + "/artifacts/" + i9, schemaPath: "#/properties/artifacts/items/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key17 }, message: "must NOT have additional properties" };
                if (vErrors === null) {
                  vErrors = [err328];
                } else {
                  vErrors.push(err328);
                }
                errors++;
              }
            }
            if (data103.name !== void 0) {
              let data104 = data103.name;
              if (typeof data104 === "string") {
                if (func2(data104) > 200) {
                  const err329 = { instancePath: instancePath + "/artifacts/" + i9 + "/name", schemaPath: "#/properties/artifacts/items/properties/name/maxLength", keyword: "maxLength", params: { limit: 200 }, message: "must NOT have more than 200 characters" };
                  if (vErrors === null) {
                    vErrors = [err329];
                  } else {
                    vErrors.push(err329);
                  }
                  errors++;
                }
                if (func2(data104) < 1) {
                  const err330 = { instancePath: instancePath + "/artifacts/" + i9 + "/name", schemaPath: "#/properties/artifacts/items/properties/name/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                  if (vErrors === null) {
                    vErrors = [err330];
                  } else {
                    vErrors.push(err330);
                  }
                  errors++;
                }
                if (!pattern12.test(data104)) {
                  const err331 = { instancePath: instancePath + "/artifacts/" + i9 + "/name", schemaPath: "#/properties/artifacts/items/properties/name/pattern", keyword: "pattern", params: { pattern: "^[A-Za-z0-9._-]+$" }, message: 'must match pattern "^[A-Za-z0-9._-]+$"' };
                  if (vErrors === null) {
                    vErrors = [err331];
                  } else {
                    vErrors.push(err331);
                  }
                  errors++;
                }
              } else {
                const err332 = { instancePath: instancePath + "/artifacts/" + i9 + "/name", schemaPath: "#/properties/artifacts/items/properties/name/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err332];
                } else {
                  vErrors.push(err332);
                }
                errors++;
              }
            }
            if (data103.mediaType !== void 0) {
              let data105 = data103.mediaType;
              if (typeof data105 === "string") {
                if (func2(data105) > 100) {
                  const err333 = { instancePath: instancePath + "/artifacts/" + i9 + "/mediaType", schemaPath: "#/properties/artifacts/items/properties/mediaType/maxLength", keyword: "maxLength", params: { limit: 100 }, message: "must NOT have more than 100 characters" };
                  if (vErrors === null) {
                    vErrors = [err333];
                  } else {
                    vErrors.push(err333);
                  }
                  errors++;
                }
                if (func2(data105) < 1) {
                  const err334 = { instancePath: instancePath + "/artifacts/" + i9 + "/mediaType", schemaPath: "#/properties/artifacts/items/properties/mediaType/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                  if (vErrors === null) {
                    vErrors = [err334];
                  } else {
                    vErrors.push(err334);
                  }
                  errors++;
                }
              } else {
                const err335 = { instancePath: instancePath + "/artifacts/" + i9 + "/mediaType", schemaPath: "#/properties/artifacts/items/properties/mediaType/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err335];
                } else {
                  vErrors.push(err335);
                }
                errors++;
              }
            }
            if (data103.bytes !== void 0) {
              let data106 = data103.bytes;
              if (!(typeof data106 == "number" && (!(data106 % 1) && !isNaN(data106)) && isFinite(data106))) {
                const err336 = { instancePath: instancePath + "/artifacts/" + i9 + "/bytes", schemaPath: "#/properties/artifacts/items/properties/bytes/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
                if (vErrors === null) {
                  vErrors = [err336];
                } else {
                  vErrors.push(err336);
                }
                errors++;
              }
              if (typeof data106 == "number" && isFinite(data106)) {
                if (data106 < 0 || isNaN(data106)) {
                  const err337 = { instancePath: instancePath + "/artifacts/" + i9 + "/bytes", schemaPath: "#/properties/artifacts/items/properties/bytes/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
                  if (vErrors === null) {
                    vErrors = [err337];
                  } else {
                    vErrors.push(err337);
                  }
                  errors++;
                }
              }
            }
            if (data103.sha256 !== void 0) {
              let data107 = data103.sha256;
              if (typeof data107 === "string") {
                if (!pattern4.test(data107)) {
                  const err338 = { instancePath: instancePath + "/artifacts/" + i9 + "/sha256", schemaPath: "#/properties/artifacts/items/properties/sha256/pattern", keyword: "pattern", params: { pattern: "^sha256:[0-9a-f]{64}$" }, message: 'must match pattern "^sha256:[0-9a-f]{64}$"' };
                  if (vErrors === null) {
                    vErrors = [err338];
                  } else {
                    vErrors.push(err338);
                  }
                  errors++;
                }
              } else {
                const err339 = { instancePath: instancePath + "/artifacts/" + i9 + "/sha256", schemaPath: "#/properties/artifacts/items/properties/sha256/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err339];
                } else {
                  vErrors.push(err339);
                }
                errors++;
              }
            }
          } else {
            const err340 = { instancePath: instancePath + "/artifacts/" + i9, schemaPath: "#/properties/artifacts/items/type", keyword: "type", params: { type: "object" }, message: "must be object" };
            if (vErrors === null) {
              vErrors = [err340];
            } else {
              vErrors.push(err340);
            }
            errors++;
          }
        }
      } else {
        const err341 = { instancePath: instancePath + "/artifacts", schemaPath: "#/properties/artifacts/type", keyword: "type", params: { type: "array" }, message: "must be array" };
        if (vErrors === null) {
          vErrors = [err341];
        } else {
          vErrors.push(err341);
        }
        errors++;
      }
    }
    if (data.ledger !== void 0) {
      let data108 = data.ledger;
      if (data108 && typeof data108 == "object" && !Array.isArray(data108)) {
        if (data108.logOrigin === void 0) {
          const err342 = { instancePath: instancePath + "/ledger", schemaPath: "#/properties/ledger/required", keyword: "required", params: { missingProperty: "logOrigin" }, message: "must have required property 'logOrigin'" };
          if (vErrors === null) {
            vErrors = [err342];
          } else {
            vErrors.push(err342);
          }
          errors++;
        }
        if (data108.streamHead === void 0) {
          const err343 = { instancePath: instancePath + "/ledger", schemaPath: "#/properties/ledger/required", keyword: "required", params: { missingProperty: "streamHead" }, message: "must have required property 'streamHead'" };
          if (vErrors === null) {
            vErrors = [err343];
          } else {
            vErrors.push(err343);
          }
          errors++;
        }
        if (data108.entryCount === void 0) {
          const err344 = { instancePath: instancePath + "/ledger", schemaPath: "#/properties/ledger/required", keyword: "required", params: { missingProperty: "entryCount" }, message: "must have required property 'entryCount'" };
          if (vErrors === null) {
            vErrors = [err344];
          } else {
            vErrors.push(err344);
          }
          errors++;
        }
        for (const key18 in data108) {
          if (!(key18 === "logOrigin" || key18 === "streamHead" || key18 === "entryCount")) {
            const err345 = { instancePath: instancePath + "/ledger", schemaPath: "#/properties/ledger/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key18 }, message: "must NOT have additional properties" };
            if (vErrors === null) {
              vErrors = [err345];
            } else {
              vErrors.push(err345);
            }
            errors++;
          }
        }
        if (data108.logOrigin !== void 0) {
          let data109 = data108.logOrigin;
          if (typeof data109 === "string") {
            if (func2(data109) > 300) {
              const err346 = { instancePath: instancePath + "/ledger/logOrigin", schemaPath: "#/properties/ledger/properties/logOrigin/maxLength", keyword: "maxLength", params: { limit: 300 }, message: "must NOT have more than 300 characters" };
              if (vErrors === null) {
                vErrors = [err346];
              } else {
                vErrors.push(err346);
              }
              errors++;
            }
            if (func2(data109) < 1) {
              const err347 = { instancePath: instancePath + "/ledger/logOrigin", schemaPath: "#/properties/ledger/properties/logOrigin/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
              if (vErrors === null) {
                vErrors = [err347];
              } else {
                vErrors.push(err347);
              }
              errors++;
            }
          } else {
            const err348 = { instancePath: instancePath + "/ledger/logOrigin", schemaPath: "#/properties/ledger/properties/logOrigin/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err348];
            } else {
              vErrors.push(err348);
            }
            errors++;
          }
        }
        if (data108.streamHead !== void 0) {
          let data110 = data108.streamHead;
          if (typeof data110 === "string") {
            if (!pattern4.test(data110)) {
              const err349 = { instancePath: instancePath + "/ledger/streamHead", schemaPath: "#/properties/ledger/properties/streamHead/pattern", keyword: "pattern", params: { pattern: "^sha256:[0-9a-f]{64}$" }, message: 'must match pattern "^sha256:[0-9a-f]{64}$"' };
              if (vErrors === null) {
                vErrors = [err349];
              } else {
                vErrors.push(err349);
              }
              errors++;
            }
          } else {
            const err350 = { instancePath: instancePath + "/ledger/streamHead", schemaPath: "#/properties/ledger/properties/streamHead/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err350];
            } else {
              vErrors.push(err350);
            }
            errors++;
          }
        }
        if (data108.entryCount !== void 0) {
          let data111 = data108.entryCount;
          if (!(typeof data111 == "number" && (!(data111 % 1) && !isNaN(data111)) && isFinite(data111))) {
            const err351 = { instancePath: instancePath + "/ledger/entryCount", schemaPath: "#/properties/ledger/properties/entryCount/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
            if (vErrors === null) {
              vErrors = [err351];
            } else {
              vErrors.push(err351);
            }
            errors++;
          }
          if (typeof data111 == "number" && isFinite(data111)) {
            if (data111 < 1 || isNaN(data111)) {
              const err352 = { instancePath: instancePath + "/ledger/entryCount", schemaPath: "#/properties/ledger/properties/entryCount/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1" };
              if (vErrors === null) {
                vErrors = [err352];
              } else {
                vErrors.push(err352);
              }
              errors++;
            }
          }
        }
      } else {
        const err353 = { instancePath: instancePath + "/ledger", schemaPath: "#/properties/ledger/type", keyword: "type", params: { type: "object" }, message: "must be object" };
        if (vErrors === null) {
          vErrors = [err353];
        } else {
          vErrors.push(err353);
        }
        errors++;
      }
    }
    if (data.accounting !== void 0) {
      let data112 = data.accounting;
      if (data112 && typeof data112 == "object" && !Array.isArray(data112)) {
        if (data112.durationMs === void 0) {
          const err354 = { instancePath: instancePath + "/accounting", schemaPath: "#/properties/accounting/required", keyword: "required", params: { missingProperty: "durationMs" }, message: "must have required property 'durationMs'" };
          if (vErrors === null) {
            vErrors = [err354];
          } else {
            vErrors.push(err354);
          }
          errors++;
        }
        if (data112.tokens === void 0) {
          const err355 = { instancePath: instancePath + "/accounting", schemaPath: "#/properties/accounting/required", keyword: "required", params: { missingProperty: "tokens" }, message: "must have required property 'tokens'" };
          if (vErrors === null) {
            vErrors = [err355];
          } else {
            vErrors.push(err355);
          }
          errors++;
        }
        for (const key19 in data112) {
          if (!(key19 === "durationMs" || key19 === "tokens")) {
            const err356 = { instancePath: instancePath + "/accounting", schemaPath: "#/properties/accounting/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key19 }, message: "must NOT have additional properties" };
            if (vErrors === null) {
              vErrors = [err356];
            } else {
              vErrors.push(err356);
            }
            errors++;
          }
        }
        if (data112.durationMs !== void 0) {
          let data113 = data112.durationMs;
          if (!(typeof data113 == "number" && (!(data113 % 1) && !isNaN(data113)) && isFinite(data113))) {
            const err357 = { instancePath: instancePath + "/accounting/durationMs", schemaPath: "#/properties/accounting/properties/durationMs/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
            if (vErrors === null) {
              vErrors = [err357];
            } else {
              vErrors.push(err357);
            }
            errors++;
          }
          if (typeof data113 == "number" && isFinite(data113)) {
            if (data113 < 0 || isNaN(data113)) {
              const err358 = { instancePath: instancePath + "/accounting/durationMs", schemaPath: "#/properties/accounting/properties/durationMs/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
              if (vErrors === null) {
                vErrors = [err358];
              } else {
                vErrors.push(err358);
              }
              errors++;
            }
          }
        }
        if (data112.tokens !== void 0) {
          let data114 = data112.tokens;
          if (data114 && typeof data114 == "object" && !Array.isArray(data114)) {
            for (const key20 in data114) {
              let data115 = data114[key20];
              if (data115 && typeof data115 == "object" && !Array.isArray(data115)) {
                if (data115.input === void 0) {
                  const err359 = { instancePath: instancePath + "/accounting/tokens/" + key20.replace(/~/g, "~0").replace(/\//g, "~1"), schemaPath: "#/properties/accounting/properties/tokens/additionalProperties/required", keyword: "required", params: { missingProperty: "input" }, message: "must have required property 'input'" };
                  if (vErrors === null) {
                    vErrors = [err359];
                  } else {
                    vErrors.push(err359);
                  }
                  errors++;
                }
                if (data115.output === void 0) {
                  const err360 = { instancePath: instancePath + "/accounting/tokens/" + key20.replace(/~/g, "~0").replace(/\//g, "~1"), schemaPath: "#/properties/accounting/properties/tokens/additionalProperties/required", keyword: "required", params: { missingProperty: "output" }, message: "must have required property 'output'" };
                  if (vErrors === null) {
                    vErrors = [err360];
                  } else {
                    vErrors.push(err360);
                  }
                  errors++;
                }
                for (const key21 in data115) {
                  if (!(key21 === "input" || key21 === "output")) {
                    const err361 = { instancePath: instancePath + "/accounting/tokens/" + key20.replace(/~/g, "~0").replace(/\//g, "~1"), schemaPath: "#/properties/accounting/properties/tokens/additionalProperties/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key21 }, message: "must NOT have additional properties" };
                    if (vErrors === null) {
                      vErrors = [err361];
                    } else {
                      vErrors.push(err361);
                    }
                    errors++;
                  }
                }
                if (data115.input !== void 0) {
                  let data116 = data115.input;
                  if (!(typeof data116 == "number" && (!(data116 % 1) && !isNaN(data116)) && isFinite(data116))) {
                    const err362 = { instancePath: instancePath + "/accounting/tokens/" + key20.replace(/~/g, "~0").replace(/\//g, "~1") + "/input", schemaPath: "#/properties/accounting/properties/tokens/additionalProperties/properties/input/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
                    if (vErrors === null) {
                      vErrors = [err362];
                    } else {
                      vErrors.push(err362);
                    }
                    errors++;
                  }
                  if (typeof data116 == "number" && isFinite(data116)) {
                    if (data116 < 0 || isNaN(data116)) {
                      const err363 = { instancePath: instancePath + "/accounting/tokens/" + key20.replace(/~/g, "~0").replace(/\//g, "~1") + "/input", schemaPath: "#/properties/accounting/properties/tokens/additionalProperties/properties/input/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
                      if (vErrors === null) {
                        vErrors = [err363];
                      } else {
                        vErrors.push(err363);
                      }
                      errors++;
                    }
                  }
                }
                if (data115.output !== void 0) {
                  let data117 = data115.output;
                  if (!(typeof data117 == "number" && (!(data117 % 1) && !isNaN(data117)) && isFinite(data117))) {
                    const err364 = { instancePath: instancePath + "/accounting/tokens/" + key20.replace(/~/g, "~0").replace(/\//g, "~1") + "/output", schemaPath: "#/properties/accounting/properties/tokens/additionalProperties/properties/output/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
                    if (vErrors === null) {
                      vErrors = [err364];
                    } else {
                      vErrors.push(err364);
                    }
                    errors++;
                  }
                  if (typeof data117 == "number" && isFinite(data117)) {
                    if (data117 < 0 || isNaN(data117)) {
                      const err365 = { instancePath: instancePath + "/accounting/tokens/" + key20.replace(/~/g, "~0").replace(/\//g, "~1") + "/output", schemaPath: "#/properties/accounting/properties/tokens/additionalProperties/properties/output/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
                      if (vErrors === null) {
                        vErrors = [err365];
                      } else {
                        vErrors.push(err365);
                      }
                      errors++;
                    }
                  }
                }
              } else {
                const err366 = { instancePath: instancePath + "/accounting/tokens/" + key20.replace(/~/g, "~0").replace(/\//g, "~1"), schemaPath: "#/properties/accounting/properties/tokens/additionalProperties/type", keyword: "type", params: { type: "object" }, message: "must be object" };
                if (vErrors === null) {
                  vErrors = [err366];
                } else {
                  vErrors.push(err366);
                }
                errors++;
              }
            }
          } else {
            const err367 = { instancePath: instancePath + "/accounting/tokens", schemaPath: "#/properties/accounting/properties/tokens/type", keyword: "type", params: { type: "object" }, message: "must be object" };
            if (vErrors === null) {
              vErrors = [err367];
            } else {
              vErrors.push(err367);
            }
            errors++;
          }
        }
      } else {
        const err368 = { instancePath: instancePath + "/accounting", schemaPath: "#/properties/accounting/type", keyword: "type", params: { type: "object" }, message: "must be object" };
        if (vErrors === null) {
          vErrors = [err368];
        } else {
          vErrors.push(err368);
        }
        errors++;
      }
    }
  } else {
    const err369 = { instancePath, schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: "must be object" };
    if (vErrors === null) {
      vErrors = [err369];
    } else {
      vErrors.push(err369);
    }
    errors++;
  }
  validate20.errors = vErrors;
  return errors === 0;
}
validate20.evaluated = { "props": true, "dynamicProps": false, "dynamicItems": false };
var v1 = validate21;
var schema32 = { "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://synthledger.dev/schemas/receipt-v1.json", "title": "receipt-v1", "type": "object", "additionalProperties": false, "required": ["contract", "manifestHash", "entryHeader", "leafIndex", "treeSize", "inclusionProof", "checkpoint", "publicKey"], "properties": { "contract": { "const": "receipt-v1" }, "manifestHash": { "type": "string", "pattern": "^sha256:[0-9a-f]{64}$" }, "entryHeader": { "title": "synthledger ledger entry header v1", "type": "object", "additionalProperties": false, "required": ["v", "index", "stream", "streamIndex", "kind", "contract", "payloadHash", "prevEntryHash", "recordedAt", "actor"], "properties": { "v": { "const": 1 }, "index": { "type": "integer", "minimum": 0 }, "stream": { "type": "string", "minLength": 1, "maxLength": 200 }, "streamIndex": { "type": "integer", "minimum": 0 }, "kind": { "type": "string", "minLength": 1, "maxLength": 100 }, "contract": { "type": ["string", "null"], "maxLength": 100 }, "payloadHash": { "type": "string", "pattern": "^sha256:[0-9a-f]{64}$" }, "prevEntryHash": { "anyOf": [{ "type": "string", "pattern": "^sha256:[0-9a-f]{64}$" }, { "type": "null" }] }, "recordedAt": { "type": "string", "format": "date-time" }, "actor": { "type": "object", "additionalProperties": false, "required": ["workflowId", "runId", "activityType", "activityId"], "properties": { "workflowId": { "type": ["string", "null"], "maxLength": 256 }, "runId": { "type": ["string", "null"], "maxLength": 256 }, "activityType": { "type": ["string", "null"], "maxLength": 256 }, "activityId": { "type": ["string", "null"], "maxLength": 256 } } } } }, "leafIndex": { "type": "integer", "minimum": 0 }, "treeSize": { "type": "integer", "minimum": 1 }, "inclusionProof": { "type": "array", "items": { "type": "string", "pattern": "^sha256:[0-9a-f]{64}$" }, "maxItems": 64 }, "checkpoint": { "type": "string", "minLength": 1, "maxLength": 1e4 }, "publicKey": { "type": "string", "minLength": 1, "maxLength": 1e3 }, "consistencyProofs": { "type": "array", "maxItems": 100, "items": { "type": "object", "additionalProperties": false, "required": ["fromTreeSize", "fromRootHash", "proof"], "properties": { "fromTreeSize": { "type": "integer", "minimum": 1 }, "fromRootHash": { "type": "string", "pattern": "^sha256:[0-9a-f]{64}$" }, "proof": { "type": "array", "items": { "type": "string", "pattern": "^sha256:[0-9a-f]{64}$" }, "maxItems": 128 } } } }, "keyRotations": { "type": "array", "maxItems": 16, "items": { "type": "string", "minLength": 1, "maxLength": 1e4 } } } };
function validate21(data, { instancePath = "", parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {}) {
  ;
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate21.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = void 0;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = void 0;
  }
  if (data && typeof data == "object" && !Array.isArray(data)) {
    if (data.contract === void 0) {
      const err0 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "contract" }, message: "must have required property 'contract'" };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    if (data.manifestHash === void 0) {
      const err1 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "manifestHash" }, message: "must have required property 'manifestHash'" };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
    }
    if (data.entryHeader === void 0) {
      const err2 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "entryHeader" }, message: "must have required property 'entryHeader'" };
      if (vErrors === null) {
        vErrors = [err2];
      } else {
        vErrors.push(err2);
      }
      errors++;
    }
    if (data.leafIndex === void 0) {
      const err3 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "leafIndex" }, message: "must have required property 'leafIndex'" };
      if (vErrors === null) {
        vErrors = [err3];
      } else {
        vErrors.push(err3);
      }
      errors++;
    }
    if (data.treeSize === void 0) {
      const err4 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "treeSize" }, message: "must have required property 'treeSize'" };
      if (vErrors === null) {
        vErrors = [err4];
      } else {
        vErrors.push(err4);
      }
      errors++;
    }
    if (data.inclusionProof === void 0) {
      const err5 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "inclusionProof" }, message: "must have required property 'inclusionProof'" };
      if (vErrors === null) {
        vErrors = [err5];
      } else {
        vErrors.push(err5);
      }
      errors++;
    }
    if (data.checkpoint === void 0) {
      const err6 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "checkpoint" }, message: "must have required property 'checkpoint'" };
      if (vErrors === null) {
        vErrors = [err6];
      } else {
        vErrors.push(err6);
      }
      errors++;
    }
    if (data.publicKey === void 0) {
      const err7 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "publicKey" }, message: "must have required property 'publicKey'" };
      if (vErrors === null) {
        vErrors = [err7];
      } else {
        vErrors.push(err7);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!func1.call(schema32.properties, key0)) {
        const err8 = { instancePath, schemaPath: "#/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key0 }, message: "must NOT have additional properties" };
        if (vErrors === null) {
          vErrors = [err8];
        } else {
          vErrors.push(err8);
        }
        errors++;
      }
    }
    if (data.contract !== void 0) {
      if ("receipt-v1" !== data.contract) {
        const err9 = { instancePath: instancePath + "/contract", schemaPath: "#/properties/contract/const", keyword: "const", params: { allowedValue: "receipt-v1" }, message: "must be equal to constant" };
        if (vErrors === null) {
          vErrors = [err9];
        } else {
          vErrors.push(err9);
        }
        errors++;
      }
    }
    if (data.manifestHash !== void 0) {
      let data1 = data.manifestHash;
      if (typeof data1 === "string") {
        if (!pattern4.test(data1)) {
          const err10 = { instancePath: instancePath + "/manifestHash", schemaPath: "#/properties/manifestHash/pattern", keyword: "pattern", params: { pattern: "^sha256:[0-9a-f]{64}$" }, message: 'must match pattern "^sha256:[0-9a-f]{64}$"' };
          if (vErrors === null) {
            vErrors = [err10];
          } else {
            vErrors.push(err10);
          }
          errors++;
        }
      } else {
        const err11 = { instancePath: instancePath + "/manifestHash", schemaPath: "#/properties/manifestHash/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err11];
        } else {
          vErrors.push(err11);
        }
        errors++;
      }
    }
    if (data.entryHeader !== void 0) {
      let data2 = data.entryHeader;
      if (data2 && typeof data2 == "object" && !Array.isArray(data2)) {
        if (data2.v === void 0) {
          const err12 = { instancePath: instancePath + "/entryHeader", schemaPath: "#/properties/entryHeader/required", keyword: "required", params: { missingProperty: "v" }, message: "must have required property 'v'" };
          if (vErrors === null) {
            vErrors = [err12];
          } else {
            vErrors.push(err12);
          }
          errors++;
        }
        if (data2.index === void 0) {
          const err13 = { instancePath: instancePath + "/entryHeader", schemaPath: "#/properties/entryHeader/required", keyword: "required", params: { missingProperty: "index" }, message: "must have required property 'index'" };
          if (vErrors === null) {
            vErrors = [err13];
          } else {
            vErrors.push(err13);
          }
          errors++;
        }
        if (data2.stream === void 0) {
          const err14 = { instancePath: instancePath + "/entryHeader", schemaPath: "#/properties/entryHeader/required", keyword: "required", params: { missingProperty: "stream" }, message: "must have required property 'stream'" };
          if (vErrors === null) {
            vErrors = [err14];
          } else {
            vErrors.push(err14);
          }
          errors++;
        }
        if (data2.streamIndex === void 0) {
          const err15 = { instancePath: instancePath + "/entryHeader", schemaPath: "#/properties/entryHeader/required", keyword: "required", params: { missingProperty: "streamIndex" }, message: "must have required property 'streamIndex'" };
          if (vErrors === null) {
            vErrors = [err15];
          } else {
            vErrors.push(err15);
          }
          errors++;
        }
        if (data2.kind === void 0) {
          const err16 = { instancePath: instancePath + "/entryHeader", schemaPath: "#/properties/entryHeader/required", keyword: "required", params: { missingProperty: "kind" }, message: "must have required property 'kind'" };
          if (vErrors === null) {
            vErrors = [err16];
          } else {
            vErrors.push(err16);
          }
          errors++;
        }
        if (data2.contract === void 0) {
          const err17 = { instancePath: instancePath + "/entryHeader", schemaPath: "#/properties/entryHeader/required", keyword: "required", params: { missingProperty: "contract" }, message: "must have required property 'contract'" };
          if (vErrors === null) {
            vErrors = [err17];
          } else {
            vErrors.push(err17);
          }
          errors++;
        }
        if (data2.payloadHash === void 0) {
          const err18 = { instancePath: instancePath + "/entryHeader", schemaPath: "#/properties/entryHeader/required", keyword: "required", params: { missingProperty: "payloadHash" }, message: "must have required property 'payloadHash'" };
          if (vErrors === null) {
            vErrors = [err18];
          } else {
            vErrors.push(err18);
          }
          errors++;
        }
        if (data2.prevEntryHash === void 0) {
          const err19 = { instancePath: instancePath + "/entryHeader", schemaPath: "#/properties/entryHeader/required", keyword: "required", params: { missingProperty: "prevEntryHash" }, message: "must have required property 'prevEntryHash'" };
          if (vErrors === null) {
            vErrors = [err19];
          } else {
            vErrors.push(err19);
          }
          errors++;
        }
        if (data2.recordedAt === void 0) {
          const err20 = { instancePath: instancePath + "/entryHeader", schemaPath: "#/properties/entryHeader/required", keyword: "required", params: { missingProperty: "recordedAt" }, message: "must have required property 'recordedAt'" };
          if (vErrors === null) {
            vErrors = [err20];
          } else {
            vErrors.push(err20);
          }
          errors++;
        }
        if (data2.actor === void 0) {
          const err21 = { instancePath: instancePath + "/entryHeader", schemaPath: "#/properties/entryHeader/required", keyword: "required", params: { missingProperty: "actor" }, message: "must have required property 'actor'" };
          if (vErrors === null) {
            vErrors = [err21];
          } else {
            vErrors.push(err21);
          }
          errors++;
        }
        for (const key1 in data2) {
          if (!func1.call(schema32.properties.entryHeader.properties, key1)) {
            const err22 = { instancePath: instancePath + "/entryHeader", schemaPath: "#/properties/entryHeader/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key1 }, message: "must NOT have additional properties" };
            if (vErrors === null) {
              vErrors = [err22];
            } else {
              vErrors.push(err22);
            }
            errors++;
          }
        }
        if (data2.v !== void 0) {
          if (1 !== data2.v) {
            const err23 = { instancePath: instancePath + "/entryHeader/v", schemaPath: "#/properties/entryHeader/properties/v/const", keyword: "const", params: { allowedValue: 1 }, message: "must be equal to constant" };
            if (vErrors === null) {
              vErrors = [err23];
            } else {
              vErrors.push(err23);
            }
            errors++;
          }
        }
        if (data2.index !== void 0) {
          let data4 = data2.index;
          if (!(typeof data4 == "number" && (!(data4 % 1) && !isNaN(data4)) && isFinite(data4))) {
            const err24 = { instancePath: instancePath + "/entryHeader/index", schemaPath: "#/properties/entryHeader/properties/index/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
            if (vErrors === null) {
              vErrors = [err24];
            } else {
              vErrors.push(err24);
            }
            errors++;
          }
          if (typeof data4 == "number" && isFinite(data4)) {
            if (data4 < 0 || isNaN(data4)) {
              const err25 = { instancePath: instancePath + "/entryHeader/index", schemaPath: "#/properties/entryHeader/properties/index/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
              if (vErrors === null) {
                vErrors = [err25];
              } else {
                vErrors.push(err25);
              }
              errors++;
            }
          }
        }
        if (data2.stream !== void 0) {
          let data5 = data2.stream;
          if (typeof data5 === "string") {
            if (func2(data5) > 200) {
              const err26 = { instancePath: instancePath + "/entryHeader/stream", schemaPath: "#/properties/entryHeader/properties/stream/maxLength", keyword: "maxLength", params: { limit: 200 }, message: "must NOT have more than 200 characters" };
              if (vErrors === null) {
                vErrors = [err26];
              } else {
                vErrors.push(err26);
              }
              errors++;
            }
            if (func2(data5) < 1) {
              const err27 = { instancePath: instancePath + "/entryHeader/stream", schemaPath: "#/properties/entryHeader/properties/stream/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
              if (vErrors === null) {
                vErrors = [err27];
              } else {
                vErrors.push(err27);
              }
              errors++;
            }
          } else {
            const err28 = { instancePath: instancePath + "/entryHeader/stream", schemaPath: "#/properties/entryHeader/properties/stream/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err28];
            } else {
              vErrors.push(err28);
            }
            errors++;
          }
        }
        if (data2.streamIndex !== void 0) {
          let data6 = data2.streamIndex;
          if (!(typeof data6 == "number" && (!(data6 % 1) && !isNaN(data6)) && isFinite(data6))) {
            const err29 = { instancePath: instancePath + "/entryHeader/streamIndex", schemaPath: "#/properties/entryHeader/properties/streamIndex/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
            if (vErrors === null) {
              vErrors = [err29];
            } else {
              vErrors.push(err29);
            }
            errors++;
          }
          if (typeof data6 == "number" && isFinite(data6)) {
            if (data6 < 0 || isNaN(data6)) {
              const err30 = { instancePath: instancePath + "/entryHeader/streamIndex", schemaPath: "#/properties/entryHeader/properties/streamIndex/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
              if (vErrors === null) {
                vErrors = [err30];
              } else {
                vErrors.push(err30);
              }
              errors++;
            }
          }
        }
        if (data2.kind !== void 0) {
          let data7 = data2.kind;
          if (typeof data7 === "string") {
            if (func2(data7) > 100) {
              const err31 = { instancePath: instancePath + "/entryHeader/kind", schemaPath: "#/properties/entryHeader/properties/kind/maxLength", keyword: "maxLength", params: { limit: 100 }, message: "must NOT have more than 100 characters" };
              if (vErrors === null) {
                vErrors = [err31];
              } else {
                vErrors.push(err31);
              }
              errors++;
            }
            if (func2(data7) < 1) {
              const err32 = { instancePath: instancePath + "/entryHeader/kind", schemaPath: "#/properties/entryHeader/properties/kind/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
              if (vErrors === null) {
                vErrors = [err32];
              } else {
                vErrors.push(err32);
              }
              errors++;
            }
          } else {
            const err33 = { instancePath: instancePath + "/entryHeader/kind", schemaPath: "#/properties/entryHeader/properties/kind/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err33];
            } else {
              vErrors.push(err33);
            }
            errors++;
          }
        }
        if (data2.contract !== void 0) {
          let data8 = data2.contract;
          if (typeof data8 !== "string" && data8 !== null) {
            const err34 = { instancePath: instancePath + "/entryHeader/contract", schemaPath: "#/properties/entryHeader/properties/contract/type", keyword: "type", params: { type: schema32.properties.entryHeader.properties.contract.type }, message: "must be string,null" };
            if (vErrors === null) {
              vErrors = [err34];
            } else {
              vErrors.push(err34);
            }
            errors++;
          }
          if (typeof data8 === "string") {
            if (func2(data8) > 100) {
              const err35 = { instancePath: instancePath + "/entryHeader/contract", schemaPath: "#/properties/entryHeader/properties/contract/maxLength", keyword: "maxLength", params: { limit: 100 }, message: "must NOT have more than 100 characters" };
              if (vErrors === null) {
                vErrors = [err35];
              } else {
                vErrors.push(err35);
              }
              errors++;
            }
          }
        }
        if (data2.payloadHash !== void 0) {
          let data9 = data2.payloadHash;
          if (typeof data9 === "string") {
            if (!pattern4.test(data9)) {
              const err36 = { instancePath: instancePath + "/entryHeader/payloadHash", schemaPath: "#/properties/entryHeader/properties/payloadHash/pattern", keyword: "pattern", params: { pattern: "^sha256:[0-9a-f]{64}$" }, message: 'must match pattern "^sha256:[0-9a-f]{64}$"' };
              if (vErrors === null) {
                vErrors = [err36];
              } else {
                vErrors.push(err36);
              }
              errors++;
            }
          } else {
            const err37 = { instancePath: instancePath + "/entryHeader/payloadHash", schemaPath: "#/properties/entryHeader/properties/payloadHash/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err37];
            } else {
              vErrors.push(err37);
            }
            errors++;
          }
        }
        if (data2.prevEntryHash !== void 0) {
          let data10 = data2.prevEntryHash;
          const _errs22 = errors;
          let valid2 = false;
          const _errs23 = errors;
          if (typeof data10 === "string") {
            if (!pattern4.test(data10)) {
              const err38 = { instancePath: instancePath + "/entryHeader/prevEntryHash", schemaPath: "#/properties/entryHeader/properties/prevEntryHash/anyOf/0/pattern", keyword: "pattern", params: { pattern: "^sha256:[0-9a-f]{64}$" }, message: 'must match pattern "^sha256:[0-9a-f]{64}$"' };
              if (vErrors === null) {
                vErrors = [err38];
              } else {
                vErrors.push(err38);
              }
              errors++;
            }
          } else {
            const err39 = { instancePath: instancePath + "/entryHeader/prevEntryHash", schemaPath: "#/properties/entryHeader/properties/prevEntryHash/anyOf/0/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err39];
            } else {
              vErrors.push(err39);
            }
            errors++;
          }
          var _valid0 = _errs23 === errors;
          valid2 = valid2 || _valid0;
          const _errs25 = errors;
          if (data10 !== null) {
            const err40 = { instancePath: instancePath + "/entryHeader/prevEntryHash", schemaPath: "#/properties/entryHeader/properties/prevEntryHash/anyOf/1/type", keyword: "type", params: { type: "null" }, message: "must be null" };
            if (vErrors === null) {
              vErrors = [err40];
            } else {
              vErrors.push(err40);
            }
            errors++;
          }
          var _valid0 = _errs25 === errors;
          valid2 = valid2 || _valid0;
          if (!valid2) {
            const err41 = { instancePath: instancePath + "/entryHeader/prevEntryHash", schemaPath: "#/properties/entryHeader/properties/prevEntryHash/anyOf", keyword: "anyOf", params: {}, message: "must match a schema in anyOf" };
            if (vErrors === null) {
              vErrors = [err41];
            } else {
              vErrors.push(err41);
            }
            errors++;
          } else {
            errors = _errs22;
            if (vErrors !== null) {
              if (_errs22) {
                vErrors.length = _errs22;
              } else {
                vErrors = null;
              }
            }
          }
        }
        if (data2.recordedAt !== void 0) {
          let data11 = data2.recordedAt;
          if (typeof data11 === "string") {
            if (!formats0.validate(data11)) {
              const err42 = { instancePath: instancePath + "/entryHeader/recordedAt", schemaPath: "#/properties/entryHeader/properties/recordedAt/format", keyword: "format", params: { format: "date-time" }, message: 'must match format "date-time"' };
              if (vErrors === null) {
                vErrors = [err42];
              } else {
                vErrors.push(err42);
              }
              errors++;
            }
          } else {
            const err43 = { instancePath: instancePath + "/entryHeader/recordedAt", schemaPath: "#/properties/entryHeader/properties/recordedAt/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err43];
            } else {
              vErrors.push(err43);
            }
            errors++;
          }
        }
        if (data2.actor !== void 0) {
          let data12 = data2.actor;
          if (data12 && typeof data12 == "object" && !Array.isArray(data12)) {
            if (data12.workflowId === void 0) {
              const err44 = { instancePath: instancePath + "/entryHeader/actor", schemaPath: "#/properties/entryHeader/properties/actor/required", keyword: "required", params: { missingProperty: "workflowId" }, message: "must have required property 'workflowId'" };
              if (vErrors === null) {
                vErrors = [err44];
              } else {
                vErrors.push(err44);
              }
              errors++;
            }
            if (data12.runId === void 0) {
              const err45 = { instancePath: instancePath + "/entryHeader/actor", schemaPath: "#/properties/entryHeader/properties/actor/required", keyword: "required", params: { missingProperty: "runId" }, message: "must have required property 'runId'" };
              if (vErrors === null) {
                vErrors = [err45];
              } else {
                vErrors.push(err45);
              }
              errors++;
            }
            if (data12.activityType === void 0) {
              const err46 = { instancePath: instancePath + "/entryHeader/actor", schemaPath: "#/properties/entryHeader/properties/actor/required", keyword: "required", params: { missingProperty: "activityType" }, message: "must have required property 'activityType'" };
              if (vErrors === null) {
                vErrors = [err46];
              } else {
                vErrors.push(err46);
              }
              errors++;
            }
            if (data12.activityId === void 0) {
              const err47 = { instancePath: instancePath + "/entryHeader/actor", schemaPath: "#/properties/entryHeader/properties/actor/required", keyword: "required", params: { missingProperty: "activityId" }, message: "must have required property 'activityId'" };
              if (vErrors === null) {
                vErrors = [err47];
              } else {
                vErrors.push(err47);
              }
              errors++;
            }
            for (const key2 in data12) {
              if (!(key2 === "workflowId" || key2 === "runId" || key2 === "activityType" || key2 === "activityId")) {
                const err48 = { instancePath: instancePath + "/entryHeader/actor", schemaPath: "#/properties/entryHeader/properties/actor/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key2 }, message: "must NOT have additional properties" };
                if (vErrors === null) {
                  vErrors = [err48];
                } else {
                  vErrors.push(err48);
                }
                errors++;
              }
            }
            if (data12.workflowId !== void 0) {
              let data13 = data12.workflowId;
              if (typeof data13 !== "string" && data13 !== null) {
                const err49 = { instancePath: instancePath + "/entryHeader/actor/workflowId", schemaPath: "#/properties/entryHeader/properties/actor/properties/workflowId/type", keyword: "type", params: { type: schema32.properties.entryHeader.properties.actor.properties.workflowId.type }, message: "must be string,null" };
                if (vErrors === null) {
                  vErrors = [err49];
                } else {
                  vErrors.push(err49);
                }
                errors++;
              }
              if (typeof data13 === "string") {
                if (func2(data13) > 256) {
                  const err50 = { instancePath: instancePath + "/entryHeader/actor/workflowId", schemaPath: "#/properties/entryHeader/properties/actor/properties/workflowId/maxLength", keyword: "maxLength", params: { limit: 256 }, message: "must NOT have more than 256 characters" };
                  if (vErrors === null) {
                    vErrors = [err50];
                  } else {
                    vErrors.push(err50);
                  }
                  errors++;
                }
              }
            }
            if (data12.runId !== void 0) {
              let data14 = data12.runId;
              if (typeof data14 !== "string" && data14 !== null) {
                const err51 = { instancePath: instancePath + "/entryHeader/actor/runId", schemaPath: "#/properties/entryHeader/properties/actor/properties/runId/type", keyword: "type", params: { type: schema32.properties.entryHeader.properties.actor.properties.runId.type }, message: "must be string,null" };
                if (vErrors === null) {
                  vErrors = [err51];
                } else {
                  vErrors.push(err51);
                }
                errors++;
              }
              if (typeof data14 === "string") {
                if (func2(data14) > 256) {
                  const err52 = { instancePath: instancePath + "/entryHeader/actor/runId", schemaPath: "#/properties/entryHeader/properties/actor/properties/runId/maxLength", keyword: "maxLength", params: { limit: 256 }, message: "must NOT have more than 256 characters" };
                  if (vErrors === null) {
                    vErrors = [err52];
                  } else {
                    vErrors.push(err52);
                  }
                  errors++;
                }
              }
            }
            if (data12.activityType !== void 0) {
              let data15 = data12.activityType;
              if (typeof data15 !== "string" && data15 !== null) {
                const err53 = { instancePath: instancePath + "/entryHeader/actor/activityType", schemaPath: "#/properties/entryHeader/properties/actor/properties/activityType/type", keyword: "type", params: { type: schema32.properties.entryHeader.properties.actor.properties.activityType.type }, message: "must be string,null" };
                if (vErrors === null) {
                  vErrors = [err53];
                } else {
                  vErrors.push(err53);
                }
                errors++;
              }
              if (typeof data15 === "string") {
                if (func2(data15) > 256) {
                  const err54 = { instancePath: instancePath + "/entryHeader/actor/activityType", schemaPath: "#/properties/entryHeader/properties/actor/properties/activityType/maxLength", keyword: "maxLength", params: { limit: 256 }, message: "must NOT have more than 256 characters" };
                  if (vErrors === null) {
                    vErrors = [err54];
                  } else {
                    vErrors.push(err54);
                  }
                  errors++;
                }
              }
            }
            if (data12.activityId !== void 0) {
              let data16 = data12.activityId;
              if (typeof data16 !== "string" && data16 !== null) {
                const err55 = { instancePath: instancePath + "/entryHeader/actor/activityId", schemaPath: "#/properties/entryHeader/properties/actor/properties/activityId/type", keyword: "type", params: { type: schema32.properties.entryHeader.properties.actor.properties.activityId.type }, message: "must be string,null" };
                if (vErrors === null) {
                  vErrors = [err55];
                } else {
                  vErrors.push(err55);
                }
                errors++;
              }
              if (typeof data16 === "string") {
                if (func2(data16) > 256) {
                  const err56 = { instancePath: instancePath + "/entryHeader/actor/activityId", schemaPath: "#/properties/entryHeader/properties/actor/properties/activityId/maxLength", keyword: "maxLength", params: { limit: 256 }, message: "must NOT have more than 256 characters" };
                  if (vErrors === null) {
                    vErrors = [err56];
                  } else {
                    vErrors.push(err56);
                  }
                  errors++;
                }
              }
            }
          } else {
            const err57 = { instancePath: instancePath + "/entryHeader/actor", schemaPath: "#/properties/entryHeader/properties/actor/type", keyword: "type", params: { type: "object" }, message: "must be object" };
            if (vErrors === null) {
              vErrors = [err57];
            } else {
              vErrors.push(err57);
            }
            errors++;
          }
        }
      } else {
        const err58 = { instancePath: instancePath + "/entryHeader", schemaPath: "#/properties/entryHeader/type", keyword: "type", params: { type: "object" }, message: "must be object" };
        if (vErrors === null) {
          vErrors = [err58];
        } else {
          vErrors.push(err58);
        }
        errors++;
      }
    }
    if (data.leafIndex !== void 0) {
      let data17 = data.leafIndex;
      if (!(typeof data17 == "number" && (!(data17 % 1) && !isNaN(data17)) && isFinite(data17))) {
        const err59 = { instancePath: instancePath + "/leafIndex", schemaPath: "#/properties/leafIndex/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
        if (vErrors === null) {
          vErrors = [err59];
        } else {
          vErrors.push(err59);
        }
        errors++;
      }
      if (typeof data17 == "number" && isFinite(data17)) {
        if (data17 < 0 || isNaN(data17)) {
          const err60 = { instancePath: instancePath + "/leafIndex", schemaPath: "#/properties/leafIndex/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
          if (vErrors === null) {
            vErrors = [err60];
          } else {
            vErrors.push(err60);
          }
          errors++;
        }
      }
    }
    if (data.treeSize !== void 0) {
      let data18 = data.treeSize;
      if (!(typeof data18 == "number" && (!(data18 % 1) && !isNaN(data18)) && isFinite(data18))) {
        const err61 = { instancePath: instancePath + "/treeSize", schemaPath: "#/properties/treeSize/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
        if (vErrors === null) {
          vErrors = [err61];
        } else {
          vErrors.push(err61);
        }
        errors++;
      }
      if (typeof data18 == "number" && isFinite(data18)) {
        if (data18 < 1 || isNaN(data18)) {
          const err62 = { instancePath: instancePath + "/treeSize", schemaPath: "#/properties/treeSize/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1" };
          if (vErrors === null) {
            vErrors = [err62];
          } else {
            vErrors.push(err62);
          }
          errors++;
        }
      }
    }
    if (data.inclusionProof !== void 0) {
      let data19 = data.inclusionProof;
      if (Array.isArray(data19)) {
        if (data19.length > 64) {
          const err63 = { instancePath: instancePath + "/inclusionProof", schemaPath: "#/properties/inclusionProof/maxItems", keyword: "maxItems", params: { limit: 64 }, message: "must NOT have more than 64 items" };
          if (vErrors === null) {
            vErrors = [err63];
          } else {
            vErrors.push(err63);
          }
          errors++;
        }
        const len0 = data19.length;
        for (let i0 = 0; i0 < len0; i0++) {
          let data20 = data19[i0];
          if (typeof data20 === "string") {
            if (!pattern4.test(data20)) {
              const err64 = { instancePath: instancePath + "/inclusionProof/" + i0, schemaPath: "#/properties/inclusionProof/items/pattern", keyword: "pattern", params: { pattern: "^sha256:[0-9a-f]{64}$" }, message: 'must match pattern "^sha256:[0-9a-f]{64}$"' };
              if (vErrors === null) {
                vErrors = [err64];
              } else {
                vErrors.push(err64);
              }
              errors++;
            }
          } else {
            const err65 = { instancePath: instancePath + "/inclusionProof/" + i0, schemaPath: "#/properties/inclusionProof/items/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err65];
            } else {
              vErrors.push(err65);
            }
            errors++;
          }
        }
      } else {
        const err66 = { instancePath: instancePath + "/inclusionProof", schemaPath: "#/properties/inclusionProof/type", keyword: "type", params: { type: "array" }, message: "must be array" };
        if (vErrors === null) {
          vErrors = [err66];
        } else {
          vErrors.push(err66);
        }
        errors++;
      }
    }
    if (data.checkpoint !== void 0) {
      let data21 = data.checkpoint;
      if (typeof data21 === "string") {
        if (func2(data21) > 1e4) {
          const err67 = { instancePath: instancePath + "/checkpoint", schemaPath: "#/properties/checkpoint/maxLength", keyword: "maxLength", params: { limit: 1e4 }, message: "must NOT have more than 10000 characters" };
          if (vErrors === null) {
            vErrors = [err67];
          } else {
            vErrors.push(err67);
          }
          errors++;
        }
        if (func2(data21) < 1) {
          const err68 = { instancePath: instancePath + "/checkpoint", schemaPath: "#/properties/checkpoint/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
          if (vErrors === null) {
            vErrors = [err68];
          } else {
            vErrors.push(err68);
          }
          errors++;
        }
      } else {
        const err69 = { instancePath: instancePath + "/checkpoint", schemaPath: "#/properties/checkpoint/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err69];
        } else {
          vErrors.push(err69);
        }
        errors++;
      }
    }
    if (data.publicKey !== void 0) {
      let data22 = data.publicKey;
      if (typeof data22 === "string") {
        if (func2(data22) > 1e3) {
          const err70 = { instancePath: instancePath + "/publicKey", schemaPath: "#/properties/publicKey/maxLength", keyword: "maxLength", params: { limit: 1e3 }, message: "must NOT have more than 1000 characters" };
          if (vErrors === null) {
            vErrors = [err70];
          } else {
            vErrors.push(err70);
          }
          errors++;
        }
        if (func2(data22) < 1) {
          const err71 = { instancePath: instancePath + "/publicKey", schemaPath: "#/properties/publicKey/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
          if (vErrors === null) {
            vErrors = [err71];
          } else {
            vErrors.push(err71);
          }
          errors++;
        }
      } else {
        const err72 = { instancePath: instancePath + "/publicKey", schemaPath: "#/properties/publicKey/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err72];
        } else {
          vErrors.push(err72);
        }
        errors++;
      }
    }
    if (data.consistencyProofs !== void 0) {
      let data23 = data.consistencyProofs;
      if (Array.isArray(data23)) {
        if (data23.length > 100) {
          const err73 = { instancePath: instancePath + "/consistencyProofs", schemaPath: "#/properties/consistencyProofs/maxItems", keyword: "maxItems", params: { limit: 100 }, message: "must NOT have more than 100 items" };
          if (vErrors === null) {
            vErrors = [err73];
          } else {
            vErrors.push(err73);
          }
          errors++;
        }
        const len1 = data23.length;
        for (let i1 = 0; i1 < len1; i1++) {
          let data24 = data23[i1];
          if (data24 && typeof data24 == "object" && !Array.isArray(data24)) {
            if (data24.fromTreeSize === void 0) {
              const err74 = { instancePath: instancePath + "/consistencyProofs/" + i1, schemaPath: "#/properties/consistencyProofs/items/required", keyword: "required", params: { missingProperty: "fromTreeSize" }, message: "must have required property 'fromTreeSize'" };
              if (vErrors === null) {
                vErrors = [err74];
              } else {
                vErrors.push(err74);
              }
              errors++;
            }
            if (data24.fromRootHash === void 0) {
              const err75 = { instancePath: instancePath + "/consistencyProofs/" + i1, schemaPath: "#/properties/consistencyProofs/items/required", keyword: "required", params: { missingProperty: "fromRootHash" }, message: "must have required property 'fromRootHash'" };
              if (vErrors === null) {
                vErrors = [err75];
              } else {
                vErrors.push(err75);
              }
              errors++;
            }
            if (data24.proof === void 0) {
              const err76 = { instancePath: instancePath + "/consistencyProofs/" + i1, schemaPath: "#/properties/consistencyProofs/items/required", keyword: "required", params: { missingProperty: "proof" }, message: "must have required property 'proof'" };
              if (vErrors === null) {
                vErrors = [err76];
              } else {
                vErrors.push(err76);
              }
              errors++;
            }
            for (const key3 in data24) {
              if (!(key3 === "fromTreeSize" || key3 === "fromRootHash" || key3 === "proof")) {
                const err77 = { instancePath: instancePath + "/consistencyProofs/" + i1, schemaPath: "#/properties/consistencyProofs/items/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key3 }, message: "must NOT have additional properties" };
                if (vErrors === null) {
                  vErrors = [err77];
                } else {
                  vErrors.push(err77);
                }
                errors++;
              }
            }
            if (data24.fromTreeSize !== void 0) {
              let data25 = data24.fromTreeSize;
              if (!(typeof data25 == "number" && (!(data25 % 1) && !isNaN(data25)) && isFinite(data25))) {
                const err78 = { instancePath: instancePath + "/consistencyProofs/" + i1 + "/fromTreeSize", schemaPath: "#/properties/consistencyProofs/items/properties/fromTreeSize/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
                if (vErrors === null) {
                  vErrors = [err78];
                } else {
                  vErrors.push(err78);
                }
                errors++;
              }
              if (typeof data25 == "number" && isFinite(data25)) {
                if (data25 < 1 || isNaN(data25)) {
                  const err79 = { instancePath: instancePath + "/consistencyProofs/" + i1 + "/fromTreeSize", schemaPath: "#/properties/consistencyProofs/items/properties/fromTreeSize/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1" };
                  if (vErrors === null) {
                    vErrors = [err79];
                  } else {
                    vErrors.push(err79);
                  }
                  errors++;
                }
              }
            }
            if (data24.fromRootHash !== void 0) {
              let data26 = data24.fromRootHash;
              if (typeof data26 === "string") {
                if (!pattern4.test(data26)) {
                  const err80 = { instancePath: instancePath + "/consistencyProofs/" + i1 + "/fromRootHash", schemaPath: "#/properties/consistencyProofs/items/properties/fromRootHash/pattern", keyword: "pattern", params: { pattern: "^sha256:[0-9a-f]{64}$" }, message: 'must match pattern "^sha256:[0-9a-f]{64}$"' };
                  if (vErrors === null) {
                    vErrors = [err80];
                  } else {
                    vErrors.push(err80);
                  }
                  errors++;
                }
              } else {
                const err81 = { instancePath: instancePath + "/consistencyProofs/" + i1 + "/fromRootHash", schemaPath: "#/properties/consistencyProofs/items/properties/fromRootHash/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err81];
                } else {
                  vErrors.push(err81);
                }
                errors++;
              }
            }
            if (data24.proof !== void 0) {
              let data27 = data24.proof;
              if (Array.isArray(data27)) {
                if (data27.length > 128) {
                  const err82 = { instancePath: instancePath + "/consistencyProofs/" + i1 + "/proof", schemaPath: "#/properties/consistencyProofs/items/properties/proof/maxItems", keyword: "maxItems", params: { limit: 128 }, message: "must NOT have more than 128 items" };
                  if (vErrors === null) {
                    vErrors = [err82];
                  } else {
                    vErrors.push(err82);
                  }
                  errors++;
                }
                const len2 = data27.length;
                for (let i2 = 0; i2 < len2; i2++) {
                  let data28 = data27[i2];
                  if (typeof data28 === "string") {
                    if (!pattern4.test(data28)) {
                      const err83 = { instancePath: instancePath + "/consistencyProofs/" + i1 + "/proof/" + i2, schemaPath: "#/properties/consistencyProofs/items/properties/proof/items/pattern", keyword: "pattern", params: { pattern: "^sha256:[0-9a-f]{64}$" }, message: 'must match pattern "^sha256:[0-9a-f]{64}$"' };
                      if (vErrors === null) {
                        vErrors = [err83];
                      } else {
                        vErrors.push(err83);
                      }
                      errors++;
                    }
                  } else {
                    const err84 = { instancePath: instancePath + "/consistencyProofs/" + i1 + "/proof/" + i2, schemaPath: "#/properties/consistencyProofs/items/properties/proof/items/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                    if (vErrors === null) {
                      vErrors = [err84];
                    } else {
                      vErrors.push(err84);
                    }
                    errors++;
                  }
                }
              } else {
                const err85 = { instancePath: instancePath + "/consistencyProofs/" + i1 + "/proof", schemaPath: "#/properties/consistencyProofs/items/properties/proof/type", keyword: "type", params: { type: "array" }, message: "must be array" };
                if (vErrors === null) {
                  vErrors = [err85];
                } else {
                  vErrors.push(err85);
                }
                errors++;
              }
            }
          } else {
            const err86 = { instancePath: instancePath + "/consistencyProofs/" + i1, schemaPath: "#/properties/consistencyProofs/items/type", keyword: "type", params: { type: "object" }, message: "must be object" };
            if (vErrors === null) {
              vErrors = [err86];
            } else {
              vErrors.push(err86);
            }
            errors++;
          }
        }
      } else {
        const err87 = { instancePath: instancePath + "/consistencyProofs", schemaPath: "#/properties/consistencyProofs/type", keyword: "type", params: { type: "array" }, message: "must be array" };
        if (vErrors === null) {
          vErrors = [err87];
        } else {
          vErrors.push(err87);
        }
        errors++;
      }
    }
    if (data.keyRotations !== void 0) {
      let data29 = data.keyRotations;
      if (Array.isArray(data29)) {
        if (data29.length > 16) {
          const err88 = { instancePath: instancePath + "/keyRotations", schemaPath: "#/properties/keyRotations/maxItems", keyword: "maxItems", params: { limit: 16 }, message: "must NOT have more than 16 items" };
          if (vErrors === null) {
            vErrors = [err88];
          } else {
            vErrors.push(err88);
          }
          errors++;
        }
        const len3 = data29.length;
        for (let i3 = 0; i3 < len3; i3++) {
          let data30 = data29[i3];
          if (typeof data30 === "string") {
            if (func2(data30) > 1e4) {
              const err89 = { instancePath: instancePath + "/keyRotations/" + i3, schemaPath: "#/properties/keyRotations/items/maxLength", keyword: "maxLength", params: { limit: 1e4 }, message: "must NOT have more than 10000 characters" };
              if (vErrors === null) {
                vErrors = [err89];
              } else {
                vErrors.push(err89);
              }
              errors++;
            }
            if (func2(data30) < 1) {
              const err90 = { instancePath: instancePath + "/keyRotations/" + i3, schemaPath: "#/properties/keyRotations/items/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
              if (vErrors === null) {
                vErrors = [err90];
              } else {
                vErrors.push(err90);
              }
              errors++;
            }
          } else {
            const err91 = { instancePath: instancePath + "/keyRotations/" + i3, schemaPath: "#/properties/keyRotations/items/type", keyword: "type", params: { type: "string" }, message: "must be string" };
            if (vErrors === null) {
              vErrors = [err91];
            } else {
              vErrors.push(err91);
            }
            errors++;
          }
        }
      } else {
        const err92 = { instancePath: instancePath + "/keyRotations", schemaPath: "#/properties/keyRotations/type", keyword: "type", params: { type: "array" }, message: "must be array" };
        if (vErrors === null) {
          vErrors = [err92];
        } else {
          vErrors.push(err92);
        }
        errors++;
      }
    }
  } else {
    const err93 = { instancePath, schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: "must be object" };
    if (vErrors === null) {
      vErrors = [err93];
    } else {
      vErrors.push(err93);
    }
    errors++;
  }
  validate21.errors = vErrors;
  return errors === 0;
}
validate21.evaluated = { "props": true, "dynamicProps": false, "dynamicItems": false };
var v2 = validate22;
var pattern21 = new RegExp("^[^+\\s]+\\+[0-9a-fA-F]{8}\\+[A-Za-z0-9+/]+={0,2}$", "u");
function validate22(data, { instancePath = "", parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {}) {
  ;
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate22.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = void 0;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = void 0;
  }
  if (data && typeof data == "object" && !Array.isArray(data)) {
    if (data.contract === void 0) {
      const err0 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "contract" }, message: "must have required property 'contract'" };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    if (data.logs === void 0) {
      const err1 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "logs" }, message: "must have required property 'logs'" };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === "contract" || key0 === "logs" || key0 === "witnesses" || key0 === "quorum")) {
        const err2 = { instancePath, schemaPath: "#/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key0 }, message: "must NOT have additional properties" };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.contract !== void 0) {
      if ("trust-policy-v1" !== data.contract) {
        const err3 = { instancePath: instancePath + "/contract", schemaPath: "#/properties/contract/const", keyword: "const", params: { allowedValue: "trust-policy-v1" }, message: "must be equal to constant" };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data.logs !== void 0) {
      let data1 = data.logs;
      if (Array.isArray(data1)) {
        if (data1.length > 100) {
          const err4 = { instancePath: instancePath + "/logs", schemaPath: "#/properties/logs/maxItems", keyword: "maxItems", params: { limit: 100 }, message: "must NOT have more than 100 items" };
          if (vErrors === null) {
            vErrors = [err4];
          } else {
            vErrors.push(err4);
          }
          errors++;
        }
        const len0 = data1.length;
        for (let i0 = 0; i0 < len0; i0++) {
          let data2 = data1[i0];
          if (data2 && typeof data2 == "object" && !Array.isArray(data2)) {
            if (data2.origin === void 0) {
              const err5 = { instancePath: instancePath + "/logs/" + i0, schemaPath: "#/properties/logs/items/required", keyword: "required", params: { missingProperty: "origin" }, message: "must have required property 'origin'" };
              if (vErrors === null) {
                vErrors = [err5];
              } else {
                vErrors.push(err5);
              }
              errors++;
            }
            if (data2.keys === void 0) {
              const err6 = { instancePath: instancePath + "/logs/" + i0, schemaPath: "#/properties/logs/items/required", keyword: "required", params: { missingProperty: "keys" }, message: "must have required property 'keys'" };
              if (vErrors === null) {
                vErrors = [err6];
              } else {
                vErrors.push(err6);
              }
              errors++;
            }
            for (const key1 in data2) {
              if (!(key1 === "origin" || key1 === "keys")) {
                const err7 = { instancePath: instancePath + "/logs/" + i0, schemaPath: "#/properties/logs/items/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key1 }, message: "must NOT have additional properties" };
                if (vErrors === null) {
                  vErrors = [err7];
                } else {
                  vErrors.push(err7);
                }
                errors++;
              }
            }
            if (data2.origin !== void 0) {
              let data3 = data2.origin;
              if (typeof data3 === "string") {
                if (func2(data3) > 500) {
                  const err8 = { instancePath: instancePath + "/logs/" + i0 + "/origin", schemaPath: "#/properties/logs/items/properties/origin/maxLength", keyword: "maxLength", params: { limit: 500 }, message: "must NOT have more than 500 characters" };
                  if (vErrors === null) {
                    vErrors = [err8];
                  } else {
                    vErrors.push(err8);
                  }
                  errors++;
                }
                if (func2(data3) < 1) {
                  const err9 = { instancePath: instancePath + "/logs/" + i0 + "/origin", schemaPath: "#/properties/logs/items/properties/origin/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                  if (vErrors === null) {
                    vErrors = [err9];
                  } else {
                    vErrors.push(err9);
                  }
                  errors++;
                }
              } else {
                const err10 = { instancePath: instancePath + "/logs/" + i0 + "/origin", schemaPath: "#/properties/logs/items/properties/origin/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err10];
                } else {
                  vErrors.push(err10);
                }
                errors++;
              }
            }
            if (data2.keys !== void 0) {
              let data4 = data2.keys;
              if (Array.isArray(data4)) {
                if (data4.length > 16) {
                  const err11 = { instancePath: instancePath + "/logs/" + i0 + "/keys", schemaPath: "#/properties/logs/items/properties/keys/maxItems", keyword: "maxItems", params: { limit: 16 }, message: "must NOT have more than 16 items" };
                  if (vErrors === null) {
                    vErrors = [err11];
                  } else {
                    vErrors.push(err11);
                  }
                  errors++;
                }
                if (data4.length < 1) {
                  const err12 = { instancePath: instancePath + "/logs/" + i0 + "/keys", schemaPath: "#/properties/logs/items/properties/keys/minItems", keyword: "minItems", params: { limit: 1 }, message: "must NOT have fewer than 1 items" };
                  if (vErrors === null) {
                    vErrors = [err12];
                  } else {
                    vErrors.push(err12);
                  }
                  errors++;
                }
                const len1 = data4.length;
                for (let i1 = 0; i1 < len1; i1++) {
                  let data5 = data4[i1];
                  if (typeof data5 === "string") {
                    if (func2(data5) > 1e3) {
                      const err13 = { instancePath: instancePath + "/logs/" + i0 + "/keys/" + i1, schemaPath: "#/properties/logs/items/properties/keys/items/maxLength", keyword: "maxLength", params: { limit: 1e3 }, message: "must NOT have more than 1000 characters" };
                      if (vErrors === null) {
                        vErrors = [err13];
                      } else {
                        vErrors.push(err13);
                      }
                      errors++;
                    }
                    if (func2(data5) < 1) {
                      const err14 = { instancePath: instancePath + "/logs/" + i0 + "/keys/" + i1, schemaPath: "#/properties/logs/items/properties/keys/items/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                      if (vErrors === null) {
                        vErrors = [err14];
                      } else {
                        vErrors.push(err14);
                      }
                      errors++;
                    }
                    if (!pattern21.test(data5)) {
                      const err15 = { instancePath: instancePath + "/logs/" + i0 + "/keys/" + i1, schemaPath: "#/properties/logs/items/properties/keys/items/pattern", keyword: "pattern", params: { pattern: "^[^+\\s]+\\+[0-9a-fA-F]{8}\\+[A-Za-z0-9+/]+={0,2}$" }, message: 'must match pattern "^[^+\\s]+\\+[0-9a-fA-F]{8}\\+[A-Za-z0-9+/]+={0,2}$"' };
                      if (vErrors === null) {
                        vErrors = [err15];
                      } else {
                        vErrors.push(err15);
                      }
                      errors++;
                    }
                  } else {
                    const err16 = { instancePath: instancePath + "/logs/" + i0 + "/keys/" + i1, schemaPath: "#/properties/logs/items/properties/keys/items/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                    if (vErrors === null) {
                      vErrors = [err16];
                    } else {
                      vErrors.push(err16);
                    }
                    errors++;
                  }
                }
              } else {
                const err17 = { instancePath: instancePath + "/logs/" + i0 + "/keys", schemaPath: "#/properties/logs/items/properties/keys/type", keyword: "type", params: { type: "array" }, message: "must be array" };
                if (vErrors === null) {
                  vErrors = [err17];
                } else {
                  vErrors.push(err17);
                }
                errors++;
              }
            }
          } else {
            const err18 = { instancePath: instancePath + "/logs/" + i0, schemaPath: "#/properties/logs/items/type", keyword: "type", params: { type: "object" }, message: "must be object" };
            if (vErrors === null) {
              vErrors = [err18];
            } else {
              vErrors.push(err18);
            }
            errors++;
          }
        }
      } else {
        const err19 = { instancePath: instancePath + "/logs", schemaPath: "#/properties/logs/type", keyword: "type", params: { type: "array" }, message: "must be array" };
        if (vErrors === null) {
          vErrors = [err19];
        } else {
          vErrors.push(err19);
        }
        errors++;
      }
    }
    if (data.witnesses !== void 0) {
      let data6 = data.witnesses;
      if (Array.isArray(data6)) {
        if (data6.length > 100) {
          const err20 = { instancePath: instancePath + "/witnesses", schemaPath: "#/properties/witnesses/maxItems", keyword: "maxItems", params: { limit: 100 }, message: "must NOT have more than 100 items" };
          if (vErrors === null) {
            vErrors = [err20];
          } else {
            vErrors.push(err20);
          }
          errors++;
        }
        const len2 = data6.length;
        for (let i2 = 0; i2 < len2; i2++) {
          let data7 = data6[i2];
          if (data7 && typeof data7 == "object" && !Array.isArray(data7)) {
            if (data7.name === void 0) {
              const err21 = { instancePath: instancePath + "/witnesses/" + i2, schemaPath: "#/properties/witnesses/items/required", keyword: "required", params: { missingProperty: "name" }, message: "must have required property 'name'" };
              if (vErrors === null) {
                vErrors = [err21];
              } else {
                vErrors.push(err21);
              }
              errors++;
            }
            if (data7.key === void 0) {
              const err22 = { instancePath: instancePath + "/witnesses/" + i2, schemaPath: "#/properties/witnesses/items/required", keyword: "required", params: { missingProperty: "key" }, message: "must have required property 'key'" };
              if (vErrors === null) {
                vErrors = [err22];
              } else {
                vErrors.push(err22);
              }
              errors++;
            }
            for (const key2 in data7) {
              if (!(key2 === "name" || key2 === "key")) {
                const err23 = { instancePath: instancePath + "/witnesses/" + i2, schemaPath: "#/properties/witnesses/items/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key2 }, message: "must NOT have additional properties" };
                if (vErrors === null) {
                  vErrors = [err23];
                } else {
                  vErrors.push(err23);
                }
                errors++;
              }
            }
            if (data7.name !== void 0) {
              let data8 = data7.name;
              if (typeof data8 === "string") {
                if (func2(data8) > 200) {
                  const err24 = { instancePath: instancePath + "/witnesses/" + i2 + "/name", schemaPath: "#/properties/witnesses/items/properties/name/maxLength", keyword: "maxLength", params: { limit: 200 }, message: "must NOT have more than 200 characters" };
                  if (vErrors === null) {
                    vErrors = [err24];
                  } else {
                    vErrors.push(err24);
                  }
                  errors++;
                }
                if (func2(data8) < 1) {
                  const err25 = { instancePath: instancePath + "/witnesses/" + i2 + "/name", schemaPath: "#/properties/witnesses/items/properties/name/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                  if (vErrors === null) {
                    vErrors = [err25];
                  } else {
                    vErrors.push(err25);
                  }
                  errors++;
                }
              } else {
                const err26 = { instancePath: instancePath + "/witnesses/" + i2 + "/name", schemaPath: "#/properties/witnesses/items/properties/name/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err26];
                } else {
                  vErrors.push(err26);
                }
                errors++;
              }
            }
            if (data7.key !== void 0) {
              let data9 = data7.key;
              if (typeof data9 === "string") {
                if (func2(data9) > 1e3) {
                  const err27 = { instancePath: instancePath + "/witnesses/" + i2 + "/key", schemaPath: "#/properties/witnesses/items/properties/key/maxLength", keyword: "maxLength", params: { limit: 1e3 }, message: "must NOT have more than 1000 characters" };
                  if (vErrors === null) {
                    vErrors = [err27];
                  } else {
                    vErrors.push(err27);
                  }
                  errors++;
                }
                if (func2(data9) < 1) {
                  const err28 = { instancePath: instancePath + "/witnesses/" + i2 + "/key", schemaPath: "#/properties/witnesses/items/properties/key/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
                  if (vErrors === null) {
                    vErrors = [err28];
                  } else {
                    vErrors.push(err28);
                  }
                  errors++;
                }
                if (!pattern21.test(data9)) {
                  const err29 = { instancePath: instancePath + "/witnesses/" + i2 + "/key", schemaPath: "#/properties/witnesses/items/properties/key/pattern", keyword: "pattern", params: { pattern: "^[^+\\s]+\\+[0-9a-fA-F]{8}\\+[A-Za-z0-9+/]+={0,2}$" }, message: 'must match pattern "^[^+\\s]+\\+[0-9a-fA-F]{8}\\+[A-Za-z0-9+/]+={0,2}$"' };
                  if (vErrors === null) {
                    vErrors = [err29];
                  } else {
                    vErrors.push(err29);
                  }
                  errors++;
                }
              } else {
                const err30 = { instancePath: instancePath + "/witnesses/" + i2 + "/key", schemaPath: "#/properties/witnesses/items/properties/key/type", keyword: "type", params: { type: "string" }, message: "must be string" };
                if (vErrors === null) {
                  vErrors = [err30];
                } else {
                  vErrors.push(err30);
                }
                errors++;
              }
            }
          } else {
            const err31 = { instancePath: instancePath + "/witnesses/" + i2, schemaPath: "#/properties/witnesses/items/type", keyword: "type", params: { type: "object" }, message: "must be object" };
            if (vErrors === null) {
              vErrors = [err31];
            } else {
              vErrors.push(err31);
            }
            errors++;
          }
        }
      } else {
        const err32 = { instancePath: instancePath + "/witnesses", schemaPath: "#/properties/witnesses/type", keyword: "type", params: { type: "array" }, message: "must be array" };
        if (vErrors === null) {
          vErrors = [err32];
        } else {
          vErrors.push(err32);
        }
        errors++;
      }
    }
    if (data.quorum !== void 0) {
      let data10 = data.quorum;
      if (!(typeof data10 == "number" && (!(data10 % 1) && !isNaN(data10)) && isFinite(data10))) {
        const err33 = { instancePath: instancePath + "/quorum", schemaPath: "#/properties/quorum/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
        if (vErrors === null) {
          vErrors = [err33];
        } else {
          vErrors.push(err33);
        }
        errors++;
      }
      if (typeof data10 == "number" && isFinite(data10)) {
        if (data10 > 100 || isNaN(data10)) {
          const err34 = { instancePath: instancePath + "/quorum", schemaPath: "#/properties/quorum/maximum", keyword: "maximum", params: { comparison: "<=", limit: 100 }, message: "must be <= 100" };
          if (vErrors === null) {
            vErrors = [err34];
          } else {
            vErrors.push(err34);
          }
          errors++;
        }
        if (data10 < 0 || isNaN(data10)) {
          const err35 = { instancePath: instancePath + "/quorum", schemaPath: "#/properties/quorum/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
          if (vErrors === null) {
            vErrors = [err35];
          } else {
            vErrors.push(err35);
          }
          errors++;
        }
      }
    }
  } else {
    const err36 = { instancePath, schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: "must be object" };
    if (vErrors === null) {
      vErrors = [err36];
    } else {
      vErrors.push(err36);
    }
    errors++;
  }
  validate22.errors = vErrors;
  return errors === 0;
}
validate22.evaluated = { "props": true, "dynamicProps": false, "dynamicItems": false };

// schemas/contract-issue.ts
function issueOf(e, rootPath) {
  const pointer = e.instancePath.split("/").slice(1).map((seg) => seg.replace(/~1/g, "/").replace(/~0/g, "~"));
  let path = rootPath;
  for (const seg of pointer) path += /^\d+$/.test(seg) ? `[${seg}]` : `.${seg}`;
  let message = `${e.message ?? "is invalid"}`;
  if (e.keyword === "required") {
    path += `.${e.params.missingProperty}`;
    message = "is required";
  } else if (e.keyword === "additionalProperties") {
    path += `.${e.params.additionalProperty}`;
    message = "is not allowed by the contract";
  } else if (e.keyword === "enum") {
    message = `must be one of ${e.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return { code: e.keyword, path, message };
}

// precompiled:contracts
var VALIDATORS = { "paper-manifest-v1.1": v0, "receipt-v1": v1, "trust-policy-v1": v2 };
function contractIssues(name, doc, rootPath = "$") {
  const fn = VALIDATORS[name];
  if (!fn) throw new Error(`the built verifier has no validator for contract ${name}`);
  if (fn(doc)) return [];
  return (fn.errors ?? []).map((e) => issueOf(e, rootPath));
}

// ledger/core/key-rotation.ts
var KEY_ROTATION_HEADER = "synthledger key rotation v1";
var DECIMAL2 = /^(0|[1-9][0-9]*)$/;
function formatKeyRotation(r) {
  parseVerifierKey(r.oldKey);
  parseVerifierKey(r.newKey);
  if (!Number.isSafeInteger(r.fromTreeSize) || r.fromTreeSize < 0) throw malformed2("fromTreeSize must be a non-negative integer");
  if (typeof r.origin !== "string" || r.origin === "" || /[\u0000-\u001f\u007f]/.test(r.origin)) throw malformed2("origin must be one line");
  return `${KEY_ROTATION_HEADER}
origin ${r.origin}
old ${r.oldKey}
new ${r.newKey}
from ${r.fromTreeSize}
`;
}
function parseKeyRotationText(text2) {
  const lines = text2.endsWith("\n") ? text2.slice(0, -1).split("\n") : [];
  if (lines.length !== 5 || lines[0] !== KEY_ROTATION_HEADER) throw malformed2(`a key rotation statement has 5 lines starting with ${JSON.stringify(KEY_ROTATION_HEADER)}`);
  const field2 = (i, name) => {
    const line = lines[i];
    if (!line.startsWith(`${name} `)) throw malformed2(`key rotation line ${i + 1} must start with "${name} "`);
    return line.slice(name.length + 1);
  };
  const origin = field2(1, "origin");
  const oldKey = field2(2, "old");
  const newKey = field2(3, "new");
  const from = field2(4, "from");
  if (!DECIMAL2.test(from) || !Number.isSafeInteger(Number(from))) throw malformed2('key rotation "from" is not a decimal tree size');
  const rotation = { origin, oldKey, newKey, fromTreeSize: Number(from) };
  if (formatKeyRotation(rotation) !== text2) throw malformed2("key rotation statement is not in canonical form");
  return rotation;
}
function openKeyRotation(note, trusted) {
  const split = typeof note === "string" ? note.lastIndexOf("\n\n") : -1;
  if (split < 0) throw malformed2("key rotation statement is not a signed note");
  const rotation = parseKeyRotationText(note.slice(0, split + 1));
  const signedBy = trusted.find((k) => k.keyString === rotation.oldKey);
  if (!signedBy) throw new VerificationError("SIGNATURE_INVALID", `key rotation to ${show(rotation.newKey)} is signed by ${show(rotation.oldKey)}, which is not a trusted key`);
  openNote(note, [signedBy]);
  openNote(note, [parseVerifierKey(rotation.newKey)]);
  return { rotation, signedBy };
}
function show(text2) {
  return JSON.stringify(text2.slice(0, 200));
}
function malformed2(message) {
  return new VerificationError("MALFORMED_INPUT", message);
}

// ledger/core/cosignature.ts
var COSIGNATURE_V1_SIGNATURE_TYPE = 4;
var COSIGNATURE_V1_HEADER = "cosignature/v1";
var COSIGNATURE_TIMESTAMP_SIZE = 8;
var COSIGNATURE_V1_SIZE = COSIGNATURE_TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE;
var MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER;
var CosignatureVerifier = class {
  /** Requires a valid key name and a 32-byte Ed25519 public key; throws MALFORMED_INPUT otherwise. */
  constructor(name, publicKey) {
    this.name = name;
    if (!isValidKeyName(name)) throw malformed3(`invalid witness key name ${JSON.stringify(String(name).slice(0, 80))}`);
    if (!(publicKey instanceof Uint8Array) || publicKey.length !== ED25519_KEY_SIZE) throw malformed3(`an Ed25519 public key has ${ED25519_KEY_SIZE} bytes`);
    this.publicKey = Buffer.from(publicKey);
    this.keyHash = computeKeyHash(name, typedKey(this.publicKey));
    try {
      this.check = ed25519Verifier(this.publicKey);
    } catch (cause) {
      throw new VerificationError("MALFORMED_INPUT", `witness key ${name}: not an Ed25519 public key`, { cause });
    }
  }
  name;
  /** Key ID over 0x04 || public key. */
  keyHash;
  publicKey;
  check;
  /** The verifier key string `<name>+<key ID hex>+base64(0x04 || key)` to configure clients with. */
  get keyString() {
    return `${this.name}+${hex322(this.keyHash)}+${typedKey(this.publicKey).toString("base64")}`;
  }
  /** True when `signature` (timestamp || Ed25519 signature) is this witness's cosignature of the note text `message`. */
  verify(message, signature) {
    if (signature.length !== COSIGNATURE_V1_SIZE) return false;
    const timestamp = readTimestamp(signature);
    if (timestamp === null) return false;
    const signed = Buffer.concat([Buffer.from(`${COSIGNATURE_V1_HEADER}
time ${timestamp}
`, "utf8"), message]);
    return this.check(signed, signature.subarray(COSIGNATURE_TIMESTAMP_SIZE));
  }
  /** The key string, so a verifier prints as what configures it. */
  toString() {
    return this.keyString;
  }
};
function parseCosignatureVerifierKey(vkey) {
  if (typeof vkey !== "string") throw malformed3("a witness verifier key is a string");
  const fields = cutFields(vkey, 3);
  if (!fields) throw malformed3("a witness verifier key has the form <name>+<key id hex>+<base64 key>");
  const [name, id, key64] = fields;
  if (!isValidKeyName(name)) throw malformed3(`witness verifier key has an invalid key name ${JSON.stringify(String(name).slice(0, 80))}`);
  if (!/^[0-9a-fA-F]{8}$/.test(id)) throw malformed3(`witness verifier key ${name}: key ID must be 8 hex digits`);
  const typed = decodeCanonicalBase64(key64);
  if (!typed || typed.length === 0) throw malformed3(`witness verifier key ${name}: key is not canonical base64`);
  if (typed[0] !== COSIGNATURE_V1_SIGNATURE_TYPE && typed[0] !== ED25519_SIGNATURE_TYPE) {
    throw malformed3(`witness verifier key ${name}: unsupported signature type 0x${typed[0].toString(16).padStart(2, "0")} (Ed25519 cosignature/v1 is 0x04)`);
  }
  if (typed.length !== 1 + ED25519_KEY_SIZE) throw malformed3(`witness verifier key ${name}: an Ed25519 key has ${ED25519_KEY_SIZE} bytes, got ${typed.length - 1}`);
  if (computeKeyHash(name, typed) !== parseInt(id, 16)) throw malformed3(`witness verifier key ${name}: key ID ${id} does not match the key`);
  return new CosignatureVerifier(name, typed.subarray(1));
}
function verifyCosignatures(noteText, witnesses, options = {}) {
  const parsed = parseNote(noteText);
  return checkLines(Buffer.from(parsed.text, "utf8"), parsed.signatures, distinctWitnesses(witnesses), options);
}
function distinctWitnesses(witnesses) {
  if (!Array.isArray(witnesses)) throw malformed3("witnesses must be an array of verifier keys");
  const byId = /* @__PURE__ */ new Map();
  for (const w of witnesses) {
    const verifier = typeof w === "string" ? parseCosignatureVerifierKey(w) : w;
    const id = `${verifier.name} ${verifier.keyHash}`;
    const prior = byId.get(id);
    if (prior === void 0) byId.set(id, verifier);
    else if (!prior.publicKey.equals(verifier.publicKey)) throw malformed3(`two different witness keys are named ${verifier.name}+${hex322(verifier.keyHash)}`);
  }
  return [...byId.values()];
}
function checkLines(message, lines, verifiers, options) {
  const found = /* @__PURE__ */ new Map();
  for (const line of lines) {
    for (const verifier of verifiers) {
      if (line.name !== verifier.name || line.keyHash !== verifier.keyHash) continue;
      const who = `${verifier.name}+${hex322(verifier.keyHash)}`;
      if (line.signature.length !== COSIGNATURE_V1_SIZE) {
        throw invalid3(`cosignature line ${line.lineNumber} by witness ${who} has ${line.signature.length} signature bytes, a cosignature/v1 has ${COSIGNATURE_V1_SIZE}`);
      }
      const timestamp = readTimestamp(line.signature);
      if (timestamp === null) throw invalid3(`cosignature line ${line.lineNumber} by witness ${who} has a timestamp beyond ${MAX_TIMESTAMP}`);
      if (!verifier.verify(message, line.signature)) {
        throw invalid3(`cosignature line ${line.lineNumber} by witness ${who} does not verify over this checkpoint`);
      }
      if (options.notAfter !== void 0 && timestamp > options.notAfter) {
        throw invalid3(`cosignature line ${line.lineNumber} by witness ${who} is dated ${timestamp}, after ${options.notAfter}`);
      }
      if (!found.has(verifier)) found.set(verifier, { name: verifier.name, keyHash: verifier.keyHash, timestamp, verifierKey: verifier.keyString });
    }
  }
  return verifiers.flatMap((v) => found.get(v) ?? []);
}
function readTimestamp(signature) {
  const t = signature.readBigUInt64BE(0);
  return t > BigInt(MAX_TIMESTAMP) ? null : Number(t);
}
function typedKey(publicKey) {
  return Buffer.concat([Buffer.of(COSIGNATURE_V1_SIGNATURE_TYPE), publicKey]);
}
function hex322(n) {
  return (n >>> 0).toString(16).padStart(8, "0");
}
function malformed3(message) {
  return new VerificationError("MALFORMED_INPUT", message);
}
function invalid3(message) {
  return new VerificationError("COSIGNATURE_INVALID", message);
}

// ledger/core/trust-policy.ts
var TRUSTED_KEYS_ENV = "SYNTHLEDGER_TRUSTED_KEYS";
var MAX_TRUST_FILE_BYTES = 256 * 1024;
var EMPTY_TRUST_POLICY = Object.freeze({ logs: /* @__PURE__ */ new Map(), anyOrigin: [], witnesses: [], quorum: 0 });
function parseTrustPolicy(text2, source = "trust file") {
  let doc;
  try {
    doc = parseStrictJson(text2);
  } catch (e) {
    const duplicate = e instanceof StrictJsonError ? e.duplicate : null;
    if (duplicate) throw ValidationError.single("TRUST_POLICY_INVALID", duplicate.path, "duplicate-member", `${source}: member ${show2(duplicate.name)} appears twice (at character ${duplicate.at})`);
    throw ValidationError.single("TRUST_POLICY_INVALID", "$", "json", `${source} is not JSON: ${e.message}`);
  }
  return trustPolicyFromDocument(doc, source);
}
function trustPolicyFromDocument(doc, source = "trust file") {
  const schemaIssues = contractIssues("trust-policy-v1", doc);
  if (schemaIssues.length > 0) throw new ValidationError("TRUST_POLICY_INVALID", schemaIssues);
  const d = doc;
  const issues = [];
  const logs = /* @__PURE__ */ new Map();
  const seenKeys = /* @__PURE__ */ new Map();
  d.logs.forEach((log, i) => {
    if (logs.has(log.origin)) {
      issues.push({ code: "duplicate-origin", path: `$.logs[${i}].origin`, message: `origin ${show2(log.origin)} is listed twice; list all its keys in one entry` });
      return;
    }
    const keys = [];
    log.keys.forEach((k, j) => {
      const path = `$.logs[${i}].keys[${j}]`;
      const parsed = parseKeyAt(k, path, source, issues);
      if (!parsed) return;
      if (noteDuplicate(parsed, path, seenKeys, issues)) return;
      keys.push(parsed);
    });
    logs.set(log.origin, keys);
  });
  const witnesses = [];
  const seenWitnesses = /* @__PURE__ */ new Map();
  (d.witnesses ?? []).forEach((w, i) => {
    const path = `$.witnesses[${i}].key`;
    let verifier;
    try {
      verifier = parseCosignatureVerifierKey(w.key);
      if (verifier.keyString !== w.key) throw new Error("a witness key is a cosignature/v1 key (type 0x04), not a note signing key");
    } catch (e) {
      issues.push({ code: "key-format", path, message: `not a witness verifier key <name>+<key id hex>+<base64(0x04 || Ed25519 key)>: ${e.message}` });
      return;
    }
    const parsed = { name: verifier.name, key: verifier.keyString, keyId: hex323(verifier.keyHash), verifier };
    if (parsed.name !== w.name) {
      issues.push({ code: "witness-name", path: `$.witnesses[${i}].name`, message: `witness name ${show2(w.name)} is not the name of its key (${show2(parsed.name)})` });
      return;
    }
    if (noteDuplicate(parsed, path, seenWitnesses, issues)) return;
    witnesses.push(parsed);
  });
  const quorum = d.quorum ?? 0;
  if (quorum > (d.witnesses ?? []).length) {
    issues.push({ code: "quorum", path: "$.quorum", message: `quorum ${quorum} is more than the ${(d.witnesses ?? []).length} listed witnesses` });
  }
  if (issues.length > 0) throw new ValidationError("TRUST_POLICY_INVALID", issues);
  return { logs, anyOrigin: [], witnesses, quorum };
}
function parseTrustedKeys(keys, source) {
  const issues = [];
  const seen = /* @__PURE__ */ new Map();
  const out = [];
  keys.forEach((k, i) => {
    const path = keys.length === 1 ? source : `${source}[${i}]`;
    const parsed = parseKeyAt(k.trim(), path, source, issues);
    if (parsed && !noteDuplicate(parsed, path, seen, issues)) out.push(parsed);
  });
  if (issues.length > 0) throw new ValidationError("TRUST_POLICY_INVALID", issues);
  return out;
}
function splitTrustedKeyList(value) {
  return (value ?? "").split(/[\s,]+/).filter((k) => k !== "");
}
function combineTrust(file, anyOrigin) {
  const base = file ?? EMPTY_TRUST_POLICY;
  const issues = [];
  const byId = /* @__PURE__ */ new Map();
  for (const k of [...[...base.logs.values()].flat(), ...base.anyOrigin]) byId.set(idOf(k), k);
  const extra = [...base.anyOrigin];
  for (const k of anyOrigin) {
    const prior = byId.get(idOf(k));
    if (prior && prior.key !== k.key) {
      issues.push({ code: "duplicate-key", path: k.source, message: `${show2(k.name)}+${k.keyId} (${k.source}) has the name and key ID of a different key from ${prior.source}` });
      continue;
    }
    if (!extra.some((e) => e.key === k.key)) extra.push(k);
    byId.set(idOf(k), k);
  }
  if (issues.length > 0) throw new ValidationError("TRUST_POLICY_INVALID", issues);
  return { ...base, anyOrigin: extra };
}
function trustRootsFromTexts(t) {
  const file = t.trustFile === void 0 ? null : parseTrustPolicy(t.trustFile.text, t.trustFile.source);
  const keys = [];
  if (t.trustedKeys && t.trustedKeys.length > 0) keys.push(...parseTrustedKeys(t.trustedKeys, "--trusted-key"));
  if (t.publicKeyText !== void 0) keys.push(...parseTrustedKeys([t.publicKeyText], "--public-key"));
  const fromEnv = splitTrustedKeyList(t.envValue);
  if (fromEnv.length > 0) keys.push(...parseTrustedKeys(fromEnv, TRUSTED_KEYS_ENV));
  return combineTrust(file, keys);
}
function hasTrustRoot(policy, origin) {
  return policy.anyOrigin.length > 0 || (policy.logs.get(origin)?.length ?? 0) > 0;
}
function trustedKeysFor(policy, origin, rotations = []) {
  const trusted = [...policy.logs.get(origin) ?? [], ...policy.anyOrigin];
  const pending = [...rotations];
  let progress = trusted.length > 0;
  while (progress && pending.length > 0) {
    progress = false;
    for (let i = 0; i < pending.length; i++) {
      let opened;
      try {
        opened = openKeyRotation(pending[i], trusted.map((t) => t.verifier));
      } catch {
        continue;
      }
      pending.splice(i--, 1);
      const { rotation, signedBy } = opened;
      if (rotation.origin !== origin || trusted.some((t) => t.key === rotation.newKey)) continue;
      const parent = trusted.find((t) => t.verifier === signedBy);
      const verifier = parseVerifierKey(rotation.newKey);
      trusted.push({
        key: rotation.newKey,
        name: verifier.name,
        keyId: hex323(verifier.keyHash),
        verifier,
        source: `rotation signed by ${describeKey(parent)}`,
        fromTreeSize: Math.max(rotation.fromTreeSize, parent.fromTreeSize)
      });
      progress = true;
    }
  }
  return trusted;
}
function verifyTrustedCheckpoint(noteText, options) {
  const body = peekBody(noteText);
  const origin = options.origin ?? body.origin;
  if (body.origin !== origin) {
    throw new VerificationError("CHECKPOINT_INVALID", `checkpoint origin ${show2(body.origin)} is not the expected ${show2(origin)}`);
  }
  if (!hasTrustRoot(options.policy, origin)) {
    if (options.presentedKey === void 0) {
      throw new VerificationError("UNTRUSTED_KEY", `no trusted key for log ${show2(origin)}: pin the publisher's key (--trusted-key, --trust-file or ${TRUSTED_KEYS_ENV})`);
    }
    const presented = parseVerifierKey(options.presentedKey);
    const note2 = openNote(noteText, [presented]);
    const checkpoint2 = { ...parseCheckpointBody(note2.text), note: note2 };
    return {
      status: "UNTRUSTED",
      checkpoint: checkpoint2,
      trustedKey: null,
      message: `signature valid for key ${show2(presented.name)} (key id ${hex323(presented.keyHash)}), which came from the bundle itself; pin the publisher's key`
    };
  }
  const trusted = trustedKeysFor(options.policy, origin, options.keyRotations);
  const usable = trusted.filter((k) => k.fromTreeSize <= body.treeSize);
  let note;
  try {
    note = openNote(noteText, usable.map((k) => k.verifier));
  } catch (e) {
    if (e instanceof VerificationError && e.message.startsWith("note has no signature by a trusted key")) {
      const early = trusted.filter((k) => k.fromTreeSize > body.treeSize);
      const why = early.length > 0 ? `; ${early.map((k) => `${describeKey(k)} counts only from tree size ${k.fromTreeSize}`).join("; ")}` : "";
      throw new VerificationError("SIGNATURE_INVALID", `${e.message}; trusted: ${usable.map(describeKey).join(", ") || "none for this tree size"}${why}`);
    }
    throw e;
  }
  const checkpoint = { ...parseCheckpointBody(note.text), note };
  const sig = note.signatures[0];
  const key = usable.find((k) => k.name === sig.name && k.verifier.keyHash === sig.keyHash);
  const witnessed = checkWitnessQuorum(noteText, options.policy);
  return { status: "TRUSTED", checkpoint, trustedKey: key, message: `signed by trusted key ${describeKey(key)}${witnessed}` };
}
function checkWitnessQuorum(noteText, policy) {
  if (policy.quorum <= 0) return "";
  const cosigned = verifyCosignatures(noteText, policy.witnesses.map((w) => w.verifier));
  const names = cosigned.map((c) => `${show2(c.name)} (key id ${hex323(c.keyHash)})`);
  if (cosigned.length < policy.quorum) {
    throw new VerificationError(
      "WITNESS_QUORUM_NOT_MET",
      `the checkpoint is cosigned by ${cosigned.length} of the ${policy.witnesses.length} trusted witnesses${names.length ? ` (${names.join(", ")})` : ""}; the trust policy requires ${policy.quorum}`
    );
  }
  return `, cosigned by ${cosigned.length} of ${policy.witnesses.length} trusted witnesses (quorum ${policy.quorum}): ${names.join(", ")}`;
}
function describeKey(k) {
  return `${show2(k.name)} (key id ${k.keyId}, from ${k.source})`;
}
function peekBody(noteText) {
  if (typeof noteText !== "string") throw new VerificationError("MALFORMED_INPUT", "checkpoint is not text");
  const split = noteText.lastIndexOf("\n\n");
  if (split < 0) throw new VerificationError("MALFORMED_INPUT", "note has no blank line before its signatures");
  const body = parseCheckpointBody(noteText.slice(0, split + 1));
  return { origin: body.origin, treeSize: body.treeSize };
}
function parseKeyAt(text2, path, source, issues) {
  try {
    const verifier = parseVerifierKey(text2);
    return { key: verifier.keyString, name: verifier.name, keyId: hex323(verifier.keyHash), verifier, source, fromTreeSize: 0 };
  } catch (e) {
    issues.push({ code: "key-format", path, message: `not a verifier key <name>+<key id hex>+<base64 Ed25519 key>: ${e.message}` });
    return null;
  }
}
function noteDuplicate(k, path, seen, issues) {
  const prior = seen.get(idOf(k));
  if (prior !== void 0) {
    issues.push({ code: "duplicate-key", path, message: `key ${show2(k.name)}+${k.keyId} has the same name and key ID as ${prior}` });
    return true;
  }
  seen.set(idOf(k), path);
  return false;
}
function idOf(k) {
  return `${k.name}+${k.keyId}`;
}
function show2(text2, max = 120) {
  const s = String(text2);
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s).replace(/[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
function hex323(n) {
  return (n >>> 0).toString(16).padStart(8, "0");
}

// runtime/services/bundle-reader.ts
import { lstatSync as lstatSync2, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";

// runtime/services/read-bounded-file.ts
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
var MAX_CORRECTION_FILE_BYTES = 1024 * 1024;
var MAX_MANIFEST_FILE_BYTES = 8 * 1024 * 1024;
var MAX_RECEIPT_FILE_BYTES = 1024 * 1024;
var MAX_PUBLIC_KEY_FILE_BYTES = 4096;
var MAX_ARTIFACT_FILE_BYTES = 64 * 1024 * 1024;
var MAX_HISTORY_FILE_BYTES = 128 * 1024 * 1024;
var MAX_WITNESS_CONFIG_FILE_BYTES = 256 * 1024;
function readBoundedFile(given, { field: field2, maxBytes, followLinks = false }) {
  let path = given;
  let target = "";
  const refuse2 = (rule, message) => ValidationError.single(
    "INVALID_ARGUMENT",
    field2,
    rule,
    `${given}${target === "" ? "" : ` (a link to ${target})`} ${message}`
  );
  const unreadable = (e) => {
    const code = e.code;
    return code === "ENOENT" ? refuse2("exists", "does not exist") : refuse2("readable", `cannot be read (${code ?? "error"})`);
  };
  if (followLinks) {
    try {
      path = realpathSync(given);
      if (path !== resolve(given)) target = path;
    } catch (e) {
      throw unreadable(e);
    }
  }
  let before;
  try {
    before = lstatSync(path);
  } catch (e) {
    throw unreadable(e);
  }
  if (before.isSymbolicLink()) throw refuse2("regular-file", "is a symbolic link; give the file itself");
  if (!before.isFile()) throw refuse2("regular-file", `is ${kindOf(before)}, not a regular file`);
  if (before.size > maxBytes) throw tooLarge(field2, given, before.size, maxBytes);
  let fd;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    throw refuse2("readable", `cannot be read (${e.code ?? "error"})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.ino !== before.ino || st.dev !== before.dev) throw refuse2("regular-file", "changed while it was being opened");
    const buf = Buffer.alloc(Math.min(maxBytes, st.size) + 1);
    let total = 0;
    for (; ; ) {
      if (total === buf.length) throw total > maxBytes ? tooLarge(field2, given, total, maxBytes) : refuse2("regular-file", "changed while it was being read");
      const n = readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
    }
    return buf.subarray(0, total);
  } finally {
    closeSync(fd);
  }
}
function tooLarge(field2, path, bytes, maxBytes) {
  return ValidationError.single("PAYLOAD_TOO_LARGE", field2, "maxBytes", `${path} has ${bytes} bytes or more; the limit is ${maxBytes}`);
}
function kindOf(st) {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

// runtime/services/bundle-reader.ts
var MAX_BUNDLE_FILES = 2e4;
var MAX_BUNDLE_BYTES = 512 * 1024 * 1024;
function bundleLocation(target, isDir, o = {}) {
  const base = isDir ? target : dirname(target);
  return { dir: isDir ? target : null, manifest: isDir ? join(target, "manifest.json") : target, receipt: o.receipt ?? join(base, "receipt.json"), artifactsDir: o.artifactsDir ?? base };
}
function readBundleBytes(at) {
  const readProblems = [];
  const read = (path, maxBytes) => {
    try {
      return readBoundedFile(path, { field: basename(path), maxBytes });
    } catch (e) {
      readProblems.push(e instanceof ValidationError ? e.issues[0]?.message ?? e.message : `${basename(path)} cannot be read`);
      return void 0;
    }
  };
  const manifest = read(at.manifest, MAX_MANIFEST_FILE_BYTES);
  const receipt = read(at.receipt, MAX_RECEIPT_FILE_BYTES);
  const files = /* @__PURE__ */ new Map();
  let total = 0;
  const walk = (dir, prefix) => {
    let names;
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const rel = prefix + name;
      let st;
      try {
        st = lstatSync2(path);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(path, `${rel}/`);
      else if (st.isFile() && rel !== "manifest.json" && rel !== "receipt.json") {
        total += st.size;
        if (files.size >= MAX_BUNDLE_FILES || total > MAX_BUNDLE_BYTES) {
          readProblems.push(`the bundle holds more than ${MAX_BUNDLE_FILES} files or ${MAX_BUNDLE_BYTES} bytes`);
          return;
        }
        try {
          files.set(rel, readBoundedFile(path, { field: rel, maxBytes: MAX_ARTIFACT_FILE_BYTES }));
        } catch {
        }
      }
    }
  };
  walk(at.artifactsDir, "");
  return { manifest, receipt, files, readProblems, names: { manifest: basename(at.manifest), receipt: basename(at.receipt) } };
}
function readSinceInput(path) {
  let isDir = false;
  try {
    isDir = lstatSync2(path).isDirectory();
  } catch {
  }
  const receiptPath = isDir ? join(path, "receipt.json") : path;
  const receiptOrCheckpoint = readBoundedFile(receiptPath, { field: "--since", maxBytes: MAX_RECEIPT_FILE_BYTES });
  let manifest;
  if (isDir) {
    try {
      manifest = readBoundedFile(join(path, "manifest.json"), { field: "--since", maxBytes: MAX_MANIFEST_FILE_BYTES });
    } catch {
      manifest = void 0;
    }
  }
  return { receiptOrCheckpoint, manifest, source: path };
}

// ledger/core/verification-step.ts
function stepRunner(steps) {
  return (step, fn) => {
    try {
      steps.push({ step, ok: true, message: fn() });
      return true;
    } catch (e) {
      steps.push({ step, ok: false, message: e.message, code: e instanceof SynthledgerError ? e.code : "MALFORMED_INPUT" });
      return false;
    }
  };
}

// schemas/contract-names.ts
var PAPER_MANIFEST_CONTRACT = "paper-manifest-v1.1";
var RECEIPT_CONTRACT = "receipt-v1";
var CORRECTION_RECORD_CONTRACT = "correction-record-v1";
var SOURCE_PROVENANCE_CONTRACT = "source-provenance-v1";
var ENTRY_HEADER_CONTRACT = "entry-header-v1";
function schemaId(name) {
  return `https://synthledger.dev/schemas/${name}.json`;
}

// ledger/core/verify-receipt.ts
function verifyReceipt(inputs) {
  const steps = [];
  const run = stepRunner(steps);
  const receipt = inputs.receipt;
  const manifest = inputs.manifest;
  let manifestHash = null;
  const { subject } = inputs;
  const shapesOk = run("checkShapes", () => checkShapes(subject, inputs.manifest, inputs.receipt));
  run("checkManifestHash", () => {
    manifestHash = sha256(canonicalize(manifest));
    if (!shapesOk) throw fail("MALFORMED_INPUT", "cannot compare: receipt or manifest malformed");
    if (manifestHash !== receipt.manifestHash) throw fail("HASH_MISMATCH", `manifest hashes to ${manifestHash} but the receipt names ${receipt.manifestHash}`);
    if (receipt.entryHeader.payloadHash !== manifestHash) throw fail("HASH_MISMATCH", `ledger entry payloadHash ${receipt.entryHeader.payloadHash} is not the manifest hash ${manifestHash}`);
    if (receipt.entryHeader.index !== receipt.leafIndex) throw fail("PROOF_MISMATCH", `entry index ${receipt.entryHeader.index} is not the receipt leafIndex ${receipt.leafIndex}`);
    if (receipt.entryHeader.contract !== subject.contract) throw fail("MALFORMED_INPUT", `ledger entry names contract ${show3(String(receipt.entryHeader.contract))}, not ${subject.contract}`);
    if (receipt.entryHeader.stream !== subject.streamOf(manifest)) throw fail("HASH_MISMATCH", `ledger entry stream ${show3(receipt.entryHeader.stream)} is not the manifest's stream ${show3(subject.streamOf(manifest))}`);
    return `manifest hash ${manifestHash} matches the receipt and its ledger entry`;
  });
  run("checkArtifacts", () => checkArtifacts(subject.artifactsOf(manifest), inputs.artifacts));
  let root = null;
  let treeSize = 0;
  let trustedKey = null;
  const policy = inputs.trust ?? EMPTY_TRUST_POLICY;
  const keyRotations = () => Array.isArray(receipt?.keyRotations) ? receipt.keyRotations : [];
  run("checkCheckpointSignature", () => {
    if (!shapesOk) throw fail("MALFORMED_INPUT", "receipt malformed");
    const result = verifyTrustedCheckpoint(receipt.checkpoint, { policy, origin: subject.logOriginOf(manifest), presentedKey: receipt.publicKey, keyRotations: keyRotations() });
    const cp = result.checkpoint;
    if (cp.treeSize !== receipt.treeSize) throw fail("CHECKPOINT_INVALID", `checkpoint tree size ${cp.treeSize} is not the receipt treeSize ${receipt.treeSize}`);
    root = cp.rootHash;
    treeSize = cp.treeSize;
    const what = `checkpoint for ${show3(cp.origin)} at size ${cp.treeSize}`;
    if (result.status === "UNTRUSTED") throw fail("UNTRUSTED_KEY", `${what}: ${result.message}`);
    const k = result.trustedKey;
    trustedKey = { name: k.name, keyId: k.keyId, key: k.key, source: k.source };
    return `${what} is ${result.message}`;
  });
  run("checkInclusion", () => {
    if (!root) throw fail("CHECKPOINT_INVALID", "no verified checkpoint root to check against");
    const leaf = Buffer.from(canonicalize(receipt.entryHeader), "utf8");
    verifyInclusion(leafHash(leaf), receipt.leafIndex, receipt.treeSize, receipt.inclusionProof.map(hashToBytes), root);
    return `entry ${receipt.leafIndex} is included in the tree of size ${receipt.treeSize} (${receipt.inclusionProof.length} proof hashes)`;
  });
  if (inputs.since !== void 0) {
    run("checkConsistency", () => {
      if (!root) throw fail("CHECKPOINT_INVALID", "no verified checkpoint root to check against");
      const old = verifyTrustedCheckpoint(inputs.since, { policy, origin: subject.logOriginOf(manifest), presentedKey: receipt.publicKey, keyRotations: keyRotations() });
      const from = old.checkpoint;
      const signed = old.status === "TRUSTED" ? old.message : `UNTRUSTED: ${old.message}`;
      checkConsistencySince(from.treeSize, from.rootHash, treeSize, root, receipt.consistencyProofs);
      const message = `the log only grew from size ${from.treeSize} (older checkpoint ${signed}) to size ${treeSize}`;
      if (old.status === "UNTRUSTED") throw fail("UNTRUSTED_KEY", message);
      return message;
    });
  }
  const failed = steps.filter((s) => !s.ok);
  const status = failed.length === 0 ? "OK" : failed.every((s) => s.code === "UNTRUSTED_KEY") ? "UNTRUSTED" : "FAILED";
  return { ok: status === "OK", status, manifestHash, trustedKey: status === "OK" ? trustedKey : null, steps };
}
function checkConsistencySince(oldSize, oldRoot, newSize, newRoot, proofs) {
  if (oldSize > newSize) throw fail("CONSISTENCY_MISMATCH", `the older checkpoint has size ${oldSize}, larger than this one (${newSize}): the log shrank`);
  if (oldSize === newSize) {
    if (!Buffer.from(oldRoot).equals(Buffer.from(newRoot))) throw fail("CONSISTENCY_MISMATCH", `two different roots for tree size ${oldSize}: the log forked`);
    return;
  }
  const list = Array.isArray(proofs) ? proofs : [];
  const entry = list.find((p) => p?.fromTreeSize === oldSize);
  if (!entry || !Array.isArray(entry.proof)) throw fail("CONSISTENCY_MISMATCH", `the receipt carries no consistency proof from tree size ${oldSize}`);
  if (entry.fromRootHash !== `sha256:${Buffer.from(oldRoot).toString("hex")}`) {
    throw fail("CONSISTENCY_MISMATCH", `the receipt's proof from size ${oldSize} starts at root ${show3(String(entry.fromRootHash))}, not the older checkpoint's root: the log forked`);
  }
  try {
    verifyConsistency(oldSize, newSize, entry.proof.map(hashToBytes), oldRoot, newRoot);
  } catch (e) {
    throw fail("CONSISTENCY_MISMATCH", `the consistency proof from size ${oldSize} to ${newSize} does not verify: ${e.message}`);
  }
}
function checkShapes(subject, manifest, receipt) {
  const issues = [...contractIssues(RECEIPT_CONTRACT, receipt, "$receipt"), ...subject.issues(manifest, "$manifest")];
  if (issues.length > 0) throw fail("MALFORMED_INPUT", issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join("; "));
  return `manifest is a valid ${subject.contract} and receipt a valid ${RECEIPT_CONTRACT}`;
}
function checkArtifacts(listed, artifacts) {
  if (listed.length === 0) throw fail("ARTIFACT_MISMATCH", "the manifest lists no artifacts");
  for (const a of listed) {
    const bytes = artifacts.get(a.name);
    if (!bytes) throw fail("ARTIFACT_MISMATCH", `artifact ${show3(a.name)} was not provided (missing, or not a regular file of the bundle)`);
    const h = sha256(bytes);
    if (h !== a.sha256) throw fail("ARTIFACT_MISMATCH", `artifact ${show3(a.name)} hashes to ${h}, the manifest says ${show3(String(a.sha256))}`);
    if (bytes.length !== a.bytes) throw fail("ARTIFACT_MISMATCH", `artifact ${show3(a.name)} has ${bytes.length} bytes, the manifest says ${show3(String(a.bytes))}`);
  }
  return `${listed.length} artifact(s) match their sha256 and byte count`;
}
function show3(text2) {
  return show2(String(text2), 200);
}
function fail(code, message) {
  return new VerificationError(code, message);
}

// schemas/paper-manifest-subject.ts
var field = (doc, key) => doc !== null && typeof doc === "object" ? doc[key] : void 0;
var PAPER_MANIFEST_SUBJECT = {
  contract: PAPER_MANIFEST_CONTRACT,
  issues: (document, rootPath) => contractIssues(PAPER_MANIFEST_CONTRACT, document, rootPath),
  streamOf: (document) => {
    const id = field(document, "synthesisId");
    return typeof id === "string" ? id : "";
  },
  logOriginOf: (document) => {
    const origin = field(field(document, "ledger"), "logOrigin");
    return typeof origin === "string" ? origin : void 0;
  },
  artifactsOf: (document) => {
    const listed = field(document, "artifacts");
    return Array.isArray(listed) ? listed : [];
  }
};

// verification/correction-notice.ts
var FLAGGED_STATUSES = ["RETRACTED", "WITHDRAWN", "UNDER_CONCERN"];
function correctionNotice(manifest, entries = []) {
  const status = String(manifest?.correction?.status ?? "UNKNOWN");
  const last = [...entries].reverse().find((e) => e.header.contract === CORRECTION_RECORD_CONTRACT);
  const latest = last ? JSON.parse(last.payloadJson) : null;
  const flagged = FLAGGED_STATUSES.includes(status);
  const why = latest ? ` (${latest.type} on ${latest.issuedAt.slice(0, 10)} by ${latest.issuedBy}: ${latest.reasonCode}: ${latest.description})` : "";
  const headline = status === "CURRENT" ? "CURRENT: no correction issued" : flagged ? `${status.replace("_", " ")}${why}: the bundle may verify, but the synthesis must not be relied on` : `${status}${why}`;
  return { status, flagged, headline, latest: latest ? { type: latest.type, issuedAt: latest.issuedAt, issuedBy: latest.issuedBy, reasonCode: latest.reasonCode, description: latest.description } : null };
}

// schemas/common-defs.ts
var hashSchema = { type: "string", pattern: "^sha256:[0-9a-f]{64}$" };
var nullableHashSchema = { anyOf: [hashSchema, { type: "null" }] };
var timestampSchema = { type: "string", format: "date-time" };

// schemas/entry-header.schema.ts
var actorSchema = {
  type: "object",
  additionalProperties: false,
  required: ["workflowId", "runId", "activityType", "activityId"],
  properties: {
    workflowId: { type: ["string", "null"], maxLength: 256 },
    runId: { type: ["string", "null"], maxLength: 256 },
    activityType: { type: ["string", "null"], maxLength: 256 },
    activityId: { type: ["string", "null"], maxLength: 256 }
  }
};
var entryHeaderBodySchema = {
  title: "synthledger ledger entry header v1",
  type: "object",
  additionalProperties: false,
  required: ["v", "index", "stream", "streamIndex", "kind", "contract", "payloadHash", "prevEntryHash", "recordedAt", "actor"],
  properties: {
    v: { const: 1 },
    index: { type: "integer", minimum: 0 },
    stream: { type: "string", minLength: 1, maxLength: 200 },
    streamIndex: { type: "integer", minimum: 0 },
    kind: { type: "string", minLength: 1, maxLength: 100 },
    contract: { type: ["string", "null"], maxLength: 100 },
    payloadHash: hashSchema,
    prevEntryHash: nullableHashSchema,
    recordedAt: timestampSchema,
    actor: actorSchema
  }
};
var entryHeaderSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: schemaId(ENTRY_HEADER_CONTRACT),
  ...entryHeaderBodySchema
};

// ledger/core/canonical-header-layout.ts
function canonicalHeaderLayout(schema) {
  const members = [];
  let text2 = "";
  const writeObject = (node, path) => {
    const properties = node.properties ?? {};
    const keys = Object.keys(properties).sort();
    const what = path === "" ? "the header" : path;
    if (node.additionalProperties !== false) throw unsupported(`${what} allows members its schema does not name (additionalProperties is not false)`);
    const optional = keys.filter((k) => !(node.required ?? []).includes(k));
    if (optional.length > 0) throw unsupported(`${what} has members that may be absent (${optional.join(", ")})`);
    text2 += "{";
    keys.forEach((key, i) => {
      const member = properties[key];
      const memberPath2 = path === "" ? key : `${path}.${key}`;
      text2 += `${i > 0 ? "," : ""}${canonicalize(key)}:`;
      if ("const" in member) {
        text2 += canonicalize(member.const, memberPath2);
        return;
      }
      const type = typeOf(member, memberPath2);
      if (type === "object") {
        writeObject(member, memberPath2);
      } else {
        members.push([text2, memberPath2, type]);
        text2 = "";
      }
    });
    text2 += "}";
  };
  if (typeOf(schema, "the header") !== "object") throw unsupported("the header is not an object");
  writeObject(schema, "");
  const at = Object.fromEntries(members.map(([, path], i) => [path, i + 1]));
  return { members, end: text2, at };
}
var ENTRY_HEADER_LAYOUT = canonicalHeaderLayout(entryHeaderBodySchema);
function typeOf(node, path) {
  const types = [...new Set(typesOf(node))].sort().join(" or ");
  switch (types) {
    case "integer":
    case "string":
    case "object":
      return types;
    case "null or string":
      return "string-or-null";
    default:
      throw unsupported(`${path} has type ${types || "unknown"} (${JSON.stringify(node)}); the reader reads an integer, a string, a string or null, a const or an object of those`);
  }
}
function typesOf(node) {
  if (node.type !== void 0) return typeof node.type === "string" ? [node.type] : node.type;
  return node.anyOf?.flatMap(typesOf) ?? [];
}
function unsupported(message) {
  return new Error(`canonical header layout: ${message}`);
}

// ledger/core/canonical-header.ts
var PLAIN_CHARS = '[^"\\\\\\u0000-\\u001f\\ud800-\\udfff]*';
var PLAIN_STRING_REST = new RegExp(`${PLAIN_CHARS}"`, "y");
var ANY_STRING_REST = /(?:[^"\\]|\\[^])*"/y;
var INTEGER_SPELLING = "-?(?:0|[1-9][0-9]*)";
var INTEGER = new RegExp(INTEGER_SPELLING, "y");
var LONE_SURROGATE3 = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
var { members: MEMBERS, end: END, at: AT } = ENTRY_HEADER_LAYOUT;
var VERSION = entryHeaderBodySchema.properties.v.const;
var PLAIN_HEADER = new RegExp(`^${MEMBERS.map(([before, , type]) => escapeRegExp(before) + {
  string: `"(${PLAIN_CHARS})"`,
  "string-or-null": `(?:null|"(${PLAIN_CHARS})")`,
  integer: `(${INTEGER_SPELLING})`
}[type]).join("")}${escapeRegExp(END)}$`);
function readCanonicalHeader(text2) {
  return headerOf(PLAIN_HEADER.exec(text2) ?? readMembers(text2));
}
function headerOf(members) {
  return {
    v: VERSION,
    index: safeInteger(members[AT.index], "index"),
    stream: members[AT.stream],
    streamIndex: safeInteger(members[AT.streamIndex], "streamIndex"),
    kind: members[AT.kind],
    contract: members[AT.contract] ?? null,
    payloadHash: members[AT.payloadHash],
    prevEntryHash: members[AT.prevEntryHash] ?? null,
    recordedAt: members[AT.recordedAt],
    actor: {
      workflowId: members[AT["actor.workflowId"]] ?? null,
      runId: members[AT["actor.runId"]] ?? null,
      activityType: members[AT["actor.activityType"]] ?? null,
      activityId: members[AT["actor.activityId"]] ?? null
    }
  };
}
function readMembers(text2) {
  const r = new HeaderText(text2);
  const members = [text2];
  for (const [before, member, type] of MEMBERS) {
    r.expect(before);
    members.push(type === "integer" ? r.integer(member) : type === "string" ? r.string(member) : r.stringOrNull(member) ?? void 0);
  }
  r.expect(END);
  r.end();
  return members;
}
function safeInteger(spelled, member) {
  const value = Number(spelled);
  if (!Number.isSafeInteger(value) || spelled === "-0") throw refuse(`${member} ${spelled} is not a safe integer in canonical form`);
  return value;
}
function escapeRegExp(text2) {
  return text2.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}
function refuse(message) {
  return new VerificationError("MALFORMED_INPUT", message);
}
var HeaderText = class {
  constructor(text2) {
    this.text = text2;
  }
  text;
  pos = 0;
  expect(literal) {
    if (!this.text.startsWith(literal, this.pos)) throw refuse(`expected ${literal} at character ${this.pos}`);
    this.pos += literal.length;
  }
  end() {
    if (this.pos !== this.text.length) throw refuse(`unexpected text after the closing brace at character ${this.pos}`);
  }
  string(member) {
    const { text: text2, pos } = this;
    if (text2.charCodeAt(pos) !== 34) throw refuse(`${member} is not a string`);
    PLAIN_STRING_REST.lastIndex = pos + 1;
    if (PLAIN_STRING_REST.test(text2)) {
      this.pos = PLAIN_STRING_REST.lastIndex;
      return text2.slice(pos + 1, this.pos - 1);
    }
    return this.escapedString(member);
  }
  stringOrNull(member) {
    if (this.text.startsWith("null", this.pos)) {
      this.pos += 4;
      return null;
    }
    return this.string(member);
  }
  /** An integer as spelled; {@link headerOf} reads its value. */
  integer(member) {
    INTEGER.lastIndex = this.pos;
    if (!INTEGER.test(this.text)) throw refuse(`${member} is not an integer`);
    const spelled = this.text.slice(this.pos, INTEGER.lastIndex);
    this.pos = INTEGER.lastIndex;
    return spelled;
  }
  /** A string with an escape, a control character or a surrogate: canonical only as JSON.stringify writes it, and well formed. */
  escapedString(member) {
    const { text: text2, pos } = this;
    ANY_STRING_REST.lastIndex = pos + 1;
    if (!ANY_STRING_REST.test(text2)) throw refuse(`${member} is an unterminated string`);
    const spelled = text2.slice(pos, ANY_STRING_REST.lastIndex);
    let value;
    try {
      value = JSON.parse(spelled);
    } catch (e) {
      throw refuse(`${member} is not a JSON string (${e.message})`);
    }
    if (LONE_SURROGATE3.test(value)) throw refuse(`${member} holds a lone surrogate, which JCS refuses`);
    if (JSON.stringify(value) !== spelled) throw refuse(`${member} is not spelled as JCS writes it`);
    this.pos = ANY_STRING_REST.lastIndex;
    return value;
  }
};

// ledger/core/verify-stream.ts
function verifyStreamRows(stream, rows) {
  const entries = [];
  let prev = null;
  let firstBroken = null;
  for (let position = 0; position < rows.length; position++) {
    const row = rows[position];
    const index = Number(row.idx);
    if (firstBroken) {
      entries.push({ index, streamIndex: row.stream_index, status: "not-checked", reason: `follows broken entry ${firstBroken.index}` });
      continue;
    }
    const broken = checkRow(row, position, prev, stream);
    if (broken) {
      firstBroken = { index, streamIndex: row.stream_index, status: "broken", ...broken };
      entries.push(firstBroken);
    } else {
      entries.push({ index, streamIndex: row.stream_index, status: "valid", entryHash: row.entry_hash });
      prev = row.entry_hash;
    }
  }
  return { stream, ok: firstBroken === null, entries, firstBroken, head: firstBroken ? null : prev };
}
function checkRow(row, position, prevHash, stream) {
  if (!sha256Matches(row.entry_hash, row.header)) {
    return { reason: "header bytes do not hash to the stored entry hash", field: "entryHash", expected: row.entry_hash, computed: sha256(row.header) };
  }
  let header;
  try {
    header = readCanonicalHeader(row.header);
  } catch (e) {
    return { reason: `stored header is not canonical JSON (${e.message})`, field: "header", expected: "RFC 8785 canonical JSON", computed: row.header.slice(0, 120) };
  }
  if (!sha256Matches(header.payloadHash, row.payload)) {
    return { reason: "payload bytes do not hash to the header payloadHash", field: "payloadHash", expected: header.payloadHash, computed: sha256(row.payload) };
  }
  return mismatch2("stream", stream, header.stream) ?? mismatch2("streamIndex", position, header.streamIndex) ?? mismatch2("prevEntryHash", prevHash, header.prevEntryHash) ?? mismatch2("index", Number(row.idx), header.index) ?? mismatch2("column stream", header.stream, row.stream) ?? mismatch2("column stream_index", header.streamIndex, row.stream_index) ?? mismatch2("column kind", header.kind, row.kind) ?? mismatch2("column contract", header.contract, row.contract) ?? mismatch2("column payload_hash", header.payloadHash, row.payload_hash) ?? mismatch2("column prev_entry_hash", header.prevEntryHash, row.prev_entry_hash);
}
function mismatch2(field2, expected, computed) {
  return expected === computed ? null : { reason: `${field2} does not match`, field: field2, expected: String(expected), computed: String(computed) };
}

// ledger/core/verify-evidence.ts
function verifyEvidence(inputs) {
  const steps = [];
  const run = stepRunner(steps);
  let entries = [];
  const parsed = run("checkStreamParse", () => {
    entries = parseStreamJsonl(inputs.streamJsonl);
    return `${entries.length} entries read`;
  });
  run("checkStreamChain", () => {
    if (!parsed) throw evidenceFailure("EVIDENCE_MISSING", "no readable stream");
    const v = verifyStreamRows(inputs.stream, entries.map((e) => ({
      idx: e.header.index,
      stream: e.header.stream,
      stream_index: e.header.streamIndex,
      kind: e.header.kind,
      contract: e.header.contract,
      payload_hash: e.header.payloadHash,
      prev_entry_hash: e.header.prevEntryHash,
      entry_hash: e.entryHash,
      header: e.headerJson,
      payload: e.payloadJson
    })));
    if (!v.ok) {
      const b = v.firstBroken;
      const position = v.entries.findIndex((x) => x.status === "broken");
      throw misplacedEntry(entries, position, b.field) ?? evidenceFailure("CHAIN_BROKEN", `entry ${b.index} (stream position ${b.streamIndex}): ${b.reason} (${b.field}: expected ${b.expected}, found ${b.computed})`);
    }
    return `${entries.length} entries of ${inputs.stream} chain from the first to ${v.head ?? "none"}`;
  });
  run("checkStreamInclusion", () => {
    if (!inputs.checkpoint) throw evidenceFailure("CHECKPOINT_INVALID", "no verified checkpoint to check the entries against");
    const { treeSize, rootHash } = inputs.checkpoint;
    for (const e of entries) {
      if (e.header.index >= treeSize) throw evidenceFailure("PROOF_MISMATCH", `entry ${e.header.index} is beyond the checkpoint's tree size ${treeSize}`);
      try {
        verifyInclusion(leafHash(Buffer.from(e.headerJson, "utf8")), e.header.index, treeSize, e.inclusionProof.map(hashToBytes), Buffer.from(rootHash));
      } catch (err) {
        throw evidenceFailure("PROOF_MISMATCH", `entry ${e.header.index}: ${err.message}`);
      }
    }
    return `all ${entries.length} entries are included in the tree of size ${treeSize}`;
  });
  run("checkStreamHead", () => {
    const { leafIndex, streamHead, entryCount } = inputs.published;
    const at = entries.findIndex((e) => e.header.index === leafIndex);
    if (at < 0) throw evidenceFailure("STREAM_MISMATCH", `the published entry ${leafIndex} is not in the shipped stream`);
    const before = entries[at - 1];
    if ((before?.entryHash ?? null) !== (streamHead ?? null)) throw evidenceFailure("STREAM_MISMATCH", `streamHead ${streamHead ?? "none"} but the entry before the published one is ${before?.entryHash ?? "absent"}`);
    if (entries[at].header.streamIndex !== entryCount) throw evidenceFailure("STREAM_MISMATCH", `entryCount ${entryCount ?? "none"} but ${entries[at].header.streamIndex} entries precede the published one`);
    return `streamHead and entryCount (${entryCount}) name the ${at} entries before the published one`;
  });
  for (const c of inputs.checks) run(c.step, () => c.run(entries));
  return { ok: steps.every((s) => s.ok), steps, entries };
}
function misplacedEntry(entries, position, field2) {
  const e = entries[position];
  if (!e || field2 !== "streamIndex" && field2 !== "prevEntryHash") return null;
  const where = `line ${position + 1} (entry ${e.header.index}, stream position ${e.header.streamIndex})`;
  const first = entries.findIndex((x) => x.entryHash === e.entryHash);
  if (first < position) return evidenceFailure("ENTRY_DUPLICATED", `${where} repeats line ${first + 1}: the same entry shipped twice`);
  const before = position > 0 ? entries[position - 1].entryHash : null;
  if (e.header.streamIndex === position || e.header.prevEntryHash === before) return null;
  const shippedAt = entries.findIndex((x) => x.header.streamIndex === position);
  if (shippedAt > position) return evidenceFailure("ENTRY_OUT_OF_ORDER", `${where} is out of order: stream position ${position} is shipped on line ${shippedAt + 1}`);
  const linked = entries.some((x) => x.entryHash === e.header.prevEntryHash);
  if (e.header.streamIndex > position && shippedAt < 0 && !linked) {
    const gap = e.header.streamIndex - position;
    return evidenceFailure("ENTRY_MISSING", `${where} follows line ${position}: ${gap === 1 ? `the entry at stream position ${position} is` : `the ${gap} entries at stream positions ${position}..${e.header.streamIndex - 1} are`} missing (its prevEntryHash ${e.header.prevEntryHash} is no shipped entry)`);
  }
  return null;
}
function parseStreamJsonl(text2) {
  const out = [];
  text2.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let doc;
    try {
      doc = JSON.parse(line);
    } catch (e) {
      throw evidenceFailure("MALFORMED_INPUT", `line ${i + 1}: ${e.message}`);
    }
    const h = doc.header;
    if (typeof h !== "object" || h === null || typeof h.index !== "number" || typeof h.stream !== "string" || typeof h.streamIndex !== "number" || typeof h.payloadHash !== "string" || typeof doc.payloadJson !== "string" || !Array.isArray(doc.inclusionProof) || !doc.inclusionProof.every((p) => typeof p === "string")) {
      throw evidenceFailure("MALFORMED_INPUT", `line ${i + 1}: expected { header, payloadJson, inclusionProof }`);
    }
    const headerJson = canonicalize(h);
    out.push({ header: h, headerJson, entryHash: sha256(headerJson), payloadJson: doc.payloadJson, inclusionProof: doc.inclusionProof });
  });
  if (out.length === 0) throw evidenceFailure("EVIDENCE_MISSING", "the stream has no entries");
  return out;
}
function evidenceFailure(code, message) {
  return new VerificationError(code, message);
}

// activities/stages/text.ts
var STOP_WORDS = /* @__PURE__ */ new Set([
  "a",
  "about",
  "above",
  "after",
  "again",
  "against",
  "al",
  "all",
  "also",
  "am",
  "an",
  "and",
  "any",
  "are",
  "as",
  "at",
  "be",
  "because",
  "been",
  "before",
  "being",
  "below",
  "between",
  "both",
  "but",
  "by",
  "can",
  "could",
  "did",
  "do",
  "does",
  "doing",
  "down",
  "during",
  "each",
  "et",
  "few",
  "for",
  "from",
  "further",
  "had",
  "has",
  "have",
  "having",
  "he",
  "her",
  "here",
  "hers",
  "herself",
  "him",
  "himself",
  "his",
  "how",
  "i",
  "if",
  "in",
  "into",
  "is",
  "it",
  "its",
  "itself",
  "just",
  "me",
  "more",
  "most",
  "my",
  "myself",
  "no",
  "nor",
  "not",
  "now",
  "of",
  "off",
  "on",
  "once",
  "only",
  "or",
  "other",
  "our",
  "ours",
  "ourselves",
  "out",
  "over",
  "own",
  "same",
  "she",
  "should",
  "so",
  "some",
  "such",
  "than",
  "that",
  "the",
  "their",
  "theirs",
  "them",
  "themselves",
  "then",
  "there",
  "these",
  "they",
  "this",
  "those",
  "through",
  "to",
  "too",
  "under",
  "until",
  "up",
  "using",
  "very",
  "via",
  "was",
  "we",
  "were",
  "what",
  "when",
  "where",
  "which",
  "while",
  "who",
  "whom",
  "why",
  "will",
  "with",
  "would",
  "you",
  "your",
  "yours",
  "yourself",
  "yourselves"
]);
var TOKEN_PATTERN = new RegExp("\\p{N}+(?:\\.\\p{N}+)+(?![\\p{L}\\p{M}\\p{N}])|[\\p{L}\\p{M}\\p{N}]+", "gu");
function tokenize(text2, options = {}) {
  const removeStopWords = options.removeStopWords ?? true;
  const normalized = text2.normalize("NFKC").toLowerCase();
  const tokens = normalized.match(TOKEN_PATTERN) ?? [];
  return removeStopWords ? tokens.filter((t) => !STOP_WORDS.has(t)) : tokens;
}
function ngrams(tokens, maxN = 2) {
  const out = [...tokens];
  if (maxN >= 2) for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]} ${tokens[i + 1]}`);
  return out;
}
var ABBREVIATIONS = /* @__PURE__ */ new Set([
  "al",
  "approx",
  "cf",
  "dr",
  "e.g",
  "eg",
  "eq",
  "eqs",
  "etc",
  "fig",
  "figs",
  "i.e",
  "ie",
  "incl",
  "mr",
  "mrs",
  "ms",
  "no",
  "nos",
  "prof",
  "ref",
  "refs",
  "resp",
  "sec",
  "sect",
  "st",
  "tab",
  "vol",
  "vs",
  "viz"
]);
var BOUNDARY = /[.!?]+["'”’)\]]*(?=\s)/g;
function splitSentences(text2) {
  const spans = [];
  let start = skipSpace(text2, 0);
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(text2); m !== null; m = BOUNDARY.exec(text2)) {
    const end = m.index + m[0].length;
    const next = skipSpace(text2, end);
    if (next >= text2.length) break;
    if (!startsSentence(text2[next])) continue;
    if (m[0].startsWith(".") && m[0].length === 1 && isAbbreviation(text2, m.index)) continue;
    if (end > start) spans.push({ text: text2.slice(start, end), start, end });
    start = next;
  }
  const tailEnd = trimEnd(text2);
  if (tailEnd > start) spans.push({ text: text2.slice(start, tailEnd), start, end: tailEnd });
  return spans;
}
function skipSpace(text2, from) {
  let i = from;
  while (i < text2.length && /\s/.test(text2[i])) i++;
  return i;
}
function trimEnd(text2) {
  let i = text2.length;
  while (i > 0 && /\s/.test(text2[i - 1])) i--;
  return i;
}
function startsSentence(ch) {
  return /[\p{Lu}\p{N}"'“‘(\[]/u.test(ch);
}
function isAbbreviation(text2, dot) {
  let i = dot;
  while (i > 0 && /[\p{L}.]/u.test(text2[i - 1])) i--;
  const word = text2.slice(i, dot);
  if (word.length === 0) return false;
  if (new RegExp("^\\p{Lu}$", "u").test(word)) return true;
  if (new RegExp("^(?:\\p{L}\\.)+\\p{L}$", "u").test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}
var NUMBER_PATTERN = /(?<![\p{L}\p{N}.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s?\\?(%)|(?:\s?(×)|([xXkKmMbBtT])(?![\p{L}\p{N}])))?/gu;
function extractNumbers(text2) {
  const out = [];
  const normalized = text2.normalize("NFKC");
  NUMBER_PATTERN.lastIndex = 0;
  for (let m = NUMBER_PATTERN.exec(normalized); m !== null; m = NUMBER_PATTERN.exec(normalized)) {
    if (m.index > 0 && normalized[m.index - 1] === "-" && m.index > 1 && new RegExp("\\p{L}", "u").test(normalized[m.index - 2])) continue;
    const unit = (m[3] ?? (m[4] ? "x" : void 0) ?? m[5] ?? "").toLowerCase();
    out.push(m[1].replace(/,/g, "") + (m[2] ?? "") + unit);
  }
  return out;
}
var NEGATION_WORDS = /* @__PURE__ */ new Set([
  "no",
  "not",
  "never",
  "none",
  "nor",
  "neither",
  "nothing",
  "nobody",
  "cannot",
  "without",
  "fail",
  "fails",
  "failed",
  "lack",
  "lacks",
  "unable"
]);
function countNegations(text2) {
  const contractions = text2.normalize("NFKC").toLowerCase().match(new RegExp("\\p{L}n['’]t\\b", "gu"))?.length ?? 0;
  return tokenize(text2, { removeStopWords: false }).filter((t) => NEGATION_WORDS.has(t)).length + contractions;
}

// activities/stages/stem.ts
var SUFFIXES = [
  ["izations", "ize"],
  ["ization", "ize"],
  ["ational", "ate"],
  ["ations", "ate"],
  ["ation", "ate"],
  ["ements", ""],
  ["ement", ""],
  ["ments", ""],
  ["ment", ""],
  ["ness", ""],
  ["ities", ""],
  ["ity", ""],
  ["ingly", ""],
  ["edly", ""],
  ["ings", ""],
  ["ing", ""],
  ["ies", "y"],
  ["ied", "y"],
  ["ed", ""],
  ["es", ""],
  ["ly", ""],
  ["s", ""]
];
var MIN_STEM = 3;
function stem(token) {
  if (token.length <= 3 || new RegExp("\\p{N}", "u").test(token)) return token;
  let t = token.replace(/ae/g, "e");
  if (t.endsWith("ss")) return t;
  for (const [suffix, replacement] of SUFFIXES) {
    if (t.endsWith(suffix) && t.length - suffix.length >= MIN_STEM) {
      t = t.slice(0, t.length - suffix.length) + replacement;
      break;
    }
  }
  if (t.endsWith("e") && t.length > MIN_STEM + 1) t = t.slice(0, -1);
  return t.replace(/our$/, "or");
}

// activities/stages/sentence-kind.ts
var AIM = /^(?:(?:objectives?|aims?|purpose|goal)\b|to (?:assess|determine|investigate|examine|evaluate|test|explore|compare|identify|study|address|answer)\b|we (?:hypothesi[sz]ed|tested (?:the hypothesis|whether)|asked whether|aimed|sought|wonder(?:ed)?)\b|(?:the )?(?:aim|purpose|objective|goal) of (?:this|the|our)\b|(?:this|the present|our) (?:paper|work|study) (?:asks|investigates whether|examines whether)\b)/i;
function isAim(sentence) {
  const s = sentence.trim();
  return AIM.test(s.replace(/^(?:background|objectives?|aims?|purpose)\s*:?\s+/i, "")) || /\?["'”’)]*$/.test(s);
}

// activities/stages/entailment.ts
var ENTAILMENT_METHOD = "lexical-entailment-v1";
var DEFAULT_ATTACH_THRESHOLD = 0.15;
var CANDIDATE_RATIO = 0.6;
var CONFLICT_FACTOR = 0.5;
var DECIMALS = 4;
function stemmedFeatures(text2) {
  return ngrams(tokenize(text2).map(stem), 2);
}
function stemmedSimilarities(claim, sentences) {
  const docs = sentences.map(stemmedFeatures);
  const idf = smoothedIdf(docs);
  const c = tfidfVector(stemmedFeatures(claim), idf, docs.length);
  return docs.map((d) => sparseCosine(c, tfidfVector(d, idf, docs.length)));
}
function checkEntailment(claim, source, options = {}) {
  const threshold = options.attachThreshold ?? DEFAULT_ATTACH_THRESHOLD;
  const sentences = splitSentences(source).map((s) => s.text);
  const sims = stemmedSimilarities(claim, sentences);
  let best = 0;
  for (let i = 1; i < sims.length; i++) if (sims[i] > sims[best]) best = i;
  const attachment = round(sims[best] ?? 0);
  const bestSentence = sentences[best] ?? "";
  if (sentences.length === 0 || attachment < threshold) {
    return { verdict: "NOT_ENOUGH_INFO", evidence: bestSentence, attachment, support: attachment, conflicts: [], method: ENTAILMENT_METHOD };
  }
  const candidates = sentences.map((text2, i) => ({ text: text2, sim: sims[i], i })).filter((s) => s.sim >= CANDIDATE_RATIO * attachment).sort((a, b) => b.sim - a.sim || a.i - b.i);
  const conflicts = findConflicts(claim, source, candidates.map((c) => c.text));
  if (conflicts.length > 0) {
    const evidence = conflicts.find((c) => c.sentence.length > 0)?.sentence ?? bestSentence;
    return { verdict: "REFUTES", evidence, attachment, support: round(attachment * CONFLICT_FACTOR), conflicts, method: ENTAILMENT_METHOD };
  }
  return { verdict: "SUPPORTS", evidence: bestSentence, attachment, support: attachment, conflicts: [], method: ENTAILMENT_METHOD };
}
function findConflicts(claim, source, candidates) {
  const conflicts = [];
  const findings = candidates.filter((sentence) => !isAim(sentence));
  const claimEvents = directionEvents(claim);
  for (const sentence of findings) {
    const clash = directionClash(claimEvents, directionEvents(sentence));
    if (clash) {
      conflicts.push({ kind: "direction", detail: clash, sentence });
      break;
    }
  }
  const finding = findings[0];
  if (finding !== void 0 && isNegated(claim) && !isNegated(finding)) {
    conflicts.push({ kind: "negation", detail: "the claim is negated but the source sentence is not", sentence: finding });
  }
  const available = new Set(extractNumbers(source));
  for (const x of new Set(extractNumbers(claim).filter(isQuantity))) {
    if (!available.has(x)) conflicts.push({ kind: "number", detail: `number ${x} in the claim is not in the source`, sentence: "" });
  }
  return conflicts;
}
function isQuantity(x) {
  return /\D$/.test(x) || x.includes(".") || Number(x) >= 10;
}
var UP = /^(?:increas|rais|rise|rises|rising|rose|elevat|higher|greater|enhanc|improv|boost|promot|upregulat|augment|stimulat|amplif|accelerat|gain|exceed|outperform|better|strengthen|facilitat|potentiat|expand|more|faster|longer|larger|stronger|restor|enabl)/;
var DOWN = /^(?:decreas|reduc|lower|less|fewer|diminish|declin|drop|fall|fell|impair|inhibit|suppress|downregulat|attenuat|block|prevent|protect|worse|worsen|weaken|slow|restrict|limit|loss|lose|losing|deplet|abolish|abrogat|hinder|delay|shorter|smaller|weaker|underperform|degrad|poor|disrupt|compromis|repress|eliminat)/;
var AGENT_NOUN = /(?:or|ors)$/;
var LOCAL_NEGATION = /* @__PURE__ */ new Set(["no", "not", "never", "without", "cannot", "neither", "nor", "unable", "fail", "fails", "failed"]);
var TARGET_AFTER = 4;
var TARGET_BEFORE = 2;
var NEGATION_SCOPE = 5;
var MIN_SHARED_TARGETS = 2;
function directionEvents(text2) {
  const tokens = tokenize(text2.replace(new RegExp("\\p{L}n['’]t\\b", "gu"), " not"), { removeStopWords: false });
  const events = [];
  tokens.forEach((t, i) => {
    if (AGENT_NOUN.test(t)) return;
    const up = UP.test(t);
    const down = !up && DOWN.test(t);
    if (!up && !down) return;
    let sign2 = up ? 1 : -1;
    for (let j = Math.max(0, i - NEGATION_SCOPE); j < i; j++) if (LOCAL_NEGATION.has(tokens[j])) sign2 = sign2 * -1;
    const around = [...contentAround(tokens, i, -1, TARGET_BEFORE), ...contentAround(tokens, i, 1, TARGET_AFTER)];
    events.push({ word: t, sign: sign2, targets: new Map(around.map((w) => [stem(w), w])) });
  });
  return events;
}
function contentAround(tokens, at, step, count) {
  const out = [];
  for (let j = at + step; j >= 0 && j < tokens.length && out.length < count; j += step) {
    const t = tokens[j];
    if (STOP_WORDS.has(t) || LOCAL_NEGATION.has(t) || UP.test(t) || DOWN.test(t) || new RegExp("^\\p{N}+$", "u").test(t)) continue;
    out.push(t);
  }
  return out;
}
function directionClash(claim, sentence) {
  for (const c of claim) {
    let match = null;
    for (const s of sentence) {
      const shared = [...c.targets.keys()].filter((t) => s.targets.has(t)).map((t) => c.targets.get(t));
      if (shared.length < MIN_SHARED_TARGETS) continue;
      if (!match || shared.length > match.shared.length || shared.length === match.shared.length && s.sign === c.sign) match = { s, shared };
    }
    if (match && match.s.sign !== c.sign) {
      const { s, shared } = match;
      return `the claim says "${c.word}" (${c.sign > 0 ? "up" : "down"}) where the source says "${s.word}" (${s.sign > 0 ? "up" : "down"}) about ${shared.map((x) => `"${x}"`).join(", ")}`;
    }
  }
  return null;
}
var DENIAL = /\b(?:unrelated|incapable|ineffective|unaffected|unchanged|independent of|no (?:effect|association|difference|role|impact|change)|not (?:associated|related|affect|influence|required|necessary))\b/i;
function isNegated(text2) {
  return countNegations(text2) > 0 || DENIAL.test(text2);
}
function round(x) {
  const f = 10 ** DECIMALS;
  return Math.round(x * f) / f;
}

// activities/stages/verify-claims.ts
var VERIFICATION_METHOD = "tfidf-source-attachment-v1";
var DEFAULT_VERIFY_THRESHOLD = 0.15;
var CONFIDENCE_DECIMALS = 4;
function tfidfFeatures(text2) {
  return ngrams(tokenize(text2), 2);
}
function smoothedIdf(documents) {
  const df = /* @__PURE__ */ new Map();
  for (const doc of documents) for (const f of new Set(doc)) df.set(f, (df.get(f) ?? 0) + 1);
  const n = documents.length;
  const idf = /* @__PURE__ */ new Map();
  for (const [f, d] of df) idf.set(f, Math.log((1 + n) / (1 + d)) + 1);
  return idf;
}
function tfidfVector(features, idf, n) {
  const unseen = Math.log(1 + n) + 1;
  const v = /* @__PURE__ */ new Map();
  for (const f of features) v.set(f, (v.get(f) ?? 0) + 1);
  for (const [f, tf] of v) v.set(f, tf * (idf.get(f) ?? unseen));
  return v;
}
function sparseCosine(a, b) {
  let dot = 0;
  for (const [f, w] of a) dot += w * (b.get(f) ?? 0);
  const na = Math.sqrt([...a.values()].reduce((s, w) => s + w * w, 0));
  const nb = Math.sqrt([...b.values()].reduce((s, w) => s + w * w, 0));
  return na === 0 || nb === 0 ? 0 : dot / (na * nb);
}
function tfidfSimilarities(claim, sentences) {
  const docs = sentences.map(tfidfFeatures);
  const idf = smoothedIdf(docs);
  const claimVector = tfidfVector(tfidfFeatures(claim), idf, docs.length);
  return docs.map((d) => sparseCosine(claimVector, tfidfVector(d, idf, docs.length)));
}
function checkConsistency(claim, sentence) {
  const issues = [];
  const available = new Set(extractNumbers(sentence));
  const missing = [...new Set(extractNumbers(claim))].filter((x) => !available.has(x));
  for (const x of missing) issues.push(`number ${x} in the claim is not in the source sentence`);
  const claimNegated = countNegations(claim) > 0;
  const sentenceNegated = countNegations(sentence) > 0;
  if (claimNegated !== sentenceNegated) {
    issues.push(claimNegated ? "the claim is negated but the source sentence is not" : "the source sentence is negated but the claim is not");
  }
  return { numbers: missing.length === 0, negation: claimNegated === sentenceNegated, issues };
}
function verifyClaims(claims, sources, options = {}) {
  const threshold = options.threshold ?? DEFAULT_VERIFY_THRESHOLD;
  if (typeof threshold !== "number" || !(threshold >= 0 && threshold <= 1)) {
    throw ValidationError.single("INVALID_ARGUMENT", "$.threshold", "range", `threshold must be a number in [0, 1], got ${String(threshold)}`);
  }
  const byId = new Map(sources.map((p) => [p.id, p]));
  const sentenceCache = /* @__PURE__ */ new Map();
  return claims.map((claim) => {
    const paper = byId.get(claim.sourceId);
    if (!paper) {
      return {
        claimId: claim.claimId,
        verified: false,
        confidence: 0,
        bestSentence: "",
        method: VERIFICATION_METHOD,
        threshold,
        consistency: { numbers: false, negation: false, issues: [`source ${claim.sourceId} is not among the sources`] },
        embedding: null,
        ...options.entailment ? { entailment: { verdict: "NOT_ENOUGH_INFO", evidence: "", attachment: 0, conflicts: [], method: ENTAILMENT_METHOD } } : {}
      };
    }
    let sentences = sentenceCache.get(paper.id);
    if (!sentences) sentenceCache.set(paper.id, sentences = splitSentences(sourceText(paper)).map((s) => s.text));
    const sims = tfidfSimilarities(claim.text, sentences);
    let best = 0;
    for (let i = 1; i < sims.length; i++) if (sims[i] > sims[best]) best = i;
    const confidence = sims.length === 0 ? 0 : round2(sims[best], CONFIDENCE_DECIMALS);
    const bestSentence = sentences[best] ?? "";
    const entailment = options.entailment ? checkEntailment(claim.text, sourceText(paper), { attachThreshold: threshold }) : void 0;
    return {
      claimId: claim.claimId,
      verified: confidence >= threshold && (entailment === void 0 || entailment.verdict === "SUPPORTS"),
      confidence,
      bestSentence,
      method: VERIFICATION_METHOD,
      threshold,
      consistency: checkConsistency(claim.text, bestSentence),
      embedding: null,
      ...entailment ? { entailment: { verdict: entailment.verdict, evidence: entailment.evidence, attachment: entailment.attachment, conflicts: entailment.conflicts, method: entailment.method } } : {}
    };
  });
}
function round2(x, decimals) {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

// activities/stages/source-text.ts
function sourceText(paper) {
  return paper.abstract;
}

// activities/stages/extract-claims.ts
function claimIdFor(sourceId, text2) {
  return "claim:" + sha256(`${sourceId}
${text2}`).slice("sha256:".length, "sha256:".length + 16);
}

// activities/stages/verification-levels.ts
function levelRank(level) {
  return Number(level.slice(1));
}
var CROSS_METHOD_LEVEL = "L3";
function needsCrossMethodAgreement(level) {
  return /^L[0-4]$/.test(level) && levelRank(level) >= levelRank(CROSS_METHOD_LEVEL);
}

// schemas/source-provenance.schema.ts
var CORPUS_ADAPTER = "bundled-corpus";
var ARXIV_ID_PATTERN = "^\\d{4}\\.\\d{4,5}(v\\d+)?$";
var DOI_PATTERN = "^10\\.\\d{4,9}/\\S+$";
var REFERENCE_URL_PATTERN = '^https?://[^\\s<>"]+$';
var MAX_REFERENCE_CHARS = 2e3;
var sourceProvenanceSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: schemaId(SOURCE_PROVENANCE_CONTRACT),
  title: SOURCE_PROVENANCE_CONTRACT,
  type: "object",
  additionalProperties: false,
  required: [
    "contract",
    "sourceId",
    "title",
    "authors",
    "year",
    "locator",
    "adapter",
    "retrievedAt",
    "query",
    "rank",
    "relevanceScore",
    "contentHash",
    "contentKind",
    "license",
    "retrieval",
    "usedByClaims"
  ],
  properties: {
    contract: { const: SOURCE_PROVENANCE_CONTRACT },
    sourceId: { type: "string", minLength: 1, maxLength: 300 },
    title: { type: "string", minLength: 1, maxLength: 2e3 },
    authors: { type: "array", items: { type: "string", maxLength: 500 }, maxItems: 1e3 },
    year: { type: ["integer", "null"], minimum: 1e3, maximum: 9999 },
    locator: { type: "string", minLength: 1, maxLength: 2e3 },
    adapter: { type: "string", minLength: 1, maxLength: 100 },
    retrievedAt: timestampSchema,
    query: { type: "string", minLength: 1, maxLength: 4e3 },
    rank: { type: "integer", minimum: 1 },
    relevanceScore: { type: "number" },
    contentHash: hashSchema,
    contentKind: { type: "string", enum: ["abstract", "full-text", "title"] },
    license: { type: ["string", "null"], maxLength: 500 },
    retrieval: {
      type: "object",
      additionalProperties: false,
      required: ["workflowId", "activityId"],
      properties: { workflowId: { type: ["string", "null"] }, activityId: { type: ["string", "null"] } }
    },
    usedByClaims: { type: "null", description: "Filled in by the claim records, not here (additive lineage)." },
    // Optional reference fields (docs/adr/0013): written only when the source names them, so a record without them is byte for byte what it was.
    arxivId: { type: "string", pattern: ARXIV_ID_PATTERN, description: "arXiv identifier, when the source names one." },
    doi: { type: "string", pattern: DOI_PATTERN, maxLength: MAX_REFERENCE_CHARS, description: "DOI, when the source names one." },
    url: { type: "string", pattern: REFERENCE_URL_PATTERN, maxLength: MAX_REFERENCE_CHARS, description: "The paper's landing page, when the source names one." },
    projectUrl: { type: "string", pattern: REFERENCE_URL_PATTERN, maxLength: MAX_REFERENCE_CHARS, description: "The code or project page the paper's abstract names." }
  }
};

// verification/redistribution.ts
var REDISTRIBUTABLE_LICENCE = /^https?:\/\/creativecommons\.org\/(licenses|publicdomain)\//;
function redistributable(p) {
  if (p.adapter === CORPUS_ADAPTER) return true;
  return typeof p.license === "string" && REDISTRIBUTABLE_LICENCE.test(p.license);
}

// verification/workflow-history.ts
var LOCAL_ACTIVITY_MARKER_NAME = "core_local_activity";
function localActivityIdentity(data) {
  return { activityId: String(data.activity_id ?? data.activityId ?? "?"), activityType: String(data.activity_type ?? data.activityType ?? "?") };
}
function historyWorkflowId(events) {
  const id = events[0]?.workflowExecutionStartedEventAttributes?.workflowId;
  return typeof id === "string" ? id : null;
}
function historyActivities(events) {
  const out = [];
  for (const raw of events) {
    const e = raw ?? {};
    const eventId = Number(e.eventId);
    const s = e.activityTaskScheduledEventAttributes;
    if (s && typeof s.activityId === "string" && typeof s.activityType?.name === "string") {
      out.push({ activityId: s.activityId, activityType: s.activityType.name, eventId, local: false });
      continue;
    }
    const m = e.markerRecordedEventAttributes;
    if (m?.markerName !== LOCAL_ACTIVITY_MARKER_NAME) continue;
    const data = decodeJsonPayload(m.details?.data?.payloads?.[0]?.data);
    if (data) out.push({ ...localActivityIdentity(data), eventId, local: true });
  }
  return out;
}
function decodeJsonPayload(data) {
  if (typeof data !== "string") return void 0;
  try {
    const value = JSON.parse(Buffer.from(data, "base64").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : void 0;
  } catch {
    return void 0;
  }
}

// verification/synthesis-evidence-checks.ts
var KIND = { claim: "claim.record", verification: "claim.verification", historyArchive: "history.archive" };
var runKey = (workflowId, runId) => typeof workflowId === "string" && typeof runId === "string" ? `${workflowId} run ${runId}` : "no workflow run (the actor names none)";
var text = (b) => b === void 0 ? void 0 : Buffer.from(b).toString("utf8");
var hex2 = (hash2) => hash2.replace(/^sha256:/, "");
var payload = (e) => JSON.parse(e.payloadJson);
function synthesisEvidenceChecks(manifestDoc, files) {
  const manifest = manifestDoc ?? {};
  const sourceTexts = /* @__PURE__ */ new Map();
  const histories = [];
  return [
    {
      step: "checkEvidenceFiles",
      run() {
        const index = text(files.get("evidence/index.json"));
        if (index === void 0) throw evidenceFailure("EVIDENCE_MISSING", "evidence/index.json is missing (a --minimal bundle cannot be deep-verified)");
        const listed = JSON.parse(index).files ?? [];
        for (const f of listed) {
          const bytes = files.get(f.path);
          if (!bytes) throw evidenceFailure("EVIDENCE_MISSING", `${f.path} is listed in evidence/index.json but missing`);
          if (sha256(Buffer.from(bytes)) !== f.sha256) throw evidenceFailure("HASH_MISMATCH", `${f.path} does not hash to ${f.sha256}`);
        }
        return `${listed.length} evidence files present with the listed hashes`;
      }
    },
    {
      step: "checkClaimRecords",
      run(entries) {
        const claims = manifest.claims ?? [];
        for (const c of claims) {
          const v = withPayloadHash(entries, c.recordHash)[0];
          if (!v) throw evidenceFailure("CLAIM_MISMATCH", `claim ${c.claimId}: recordHash ${c.recordHash} is not an entry of this stream`);
          if (v.header.kind !== KIND.verification || payload(v).claimId !== c.claimId) throw evidenceFailure("CLAIM_MISMATCH", `claim ${c.claimId}: recordHash names entry ${v.header.index} (${v.header.kind}), not this claim's verification`);
          const rec = claimRecord(entries, c.claimId, v.header.index);
          if (!rec) throw evidenceFailure("CLAIM_MISMATCH", `claim ${c.claimId}: no claim record before its verification`);
          if (rec.text !== c.text || c.sourceIds.length !== 1 || rec.sourceId !== c.sourceIds[0]) throw evidenceFailure("CLAIM_MISMATCH", `claim ${c.claimId}: the manifest's text or source ids differ from its claim record (entry ${rec.index})`);
          if (claimIdFor(rec.sourceId, rec.text) !== c.claimId) throw evidenceFailure("CLAIM_MISMATCH", `claim ${c.claimId}: the id does not derive from its source and text`);
        }
        return `${claims.length} claims name verification entries of this stream whose claim records carry their text and source`;
      }
    },
    {
      step: "checkSources",
      run(entries) {
        const sources = manifest.sources ?? [];
        let shipped = 0;
        for (const s of sources) {
          const e = withPayloadHash(entries, s.provenanceHash).find((x) => x.header.contract === SOURCE_PROVENANCE_CONTRACT);
          if (!e) throw evidenceFailure("SOURCE_MISMATCH", `source ${s.sourceId}: provenanceHash ${s.provenanceHash} is not a provenance entry of this stream`);
          const p = payload(e);
          if (p.sourceId !== s.sourceId) throw evidenceFailure("SOURCE_MISMATCH", `source ${s.sourceId}: its provenance entry names ${p.sourceId}`);
          const bytes = files.get(`evidence/sources/${hex2(p.contentHash)}.txt`);
          if (!bytes) {
            if (redistributable(p)) throw evidenceFailure("EVIDENCE_MISSING", `source ${s.sourceId}: its text ${p.contentHash} is not shipped, but its provenance (adapter ${p.adapter}, licence ${p.license ?? "none"}) allows redistribution`);
            continue;
          }
          const got = sha256(Buffer.from(bytes));
          if (got !== p.contentHash) throw evidenceFailure("SOURCE_MISMATCH", `source ${s.sourceId}: shipped text hashes to ${got}, provenance says ${p.contentHash}`);
          sourceTexts.set(s.sourceId, Buffer.from(bytes).toString("utf8"));
          shipped++;
        }
        return `${sources.length} sources are provenance entries of this stream; ${shipped} texts shipped and hash to their contentHash${shipped < sources.length ? `, ${sources.length - shipped} withheld under their licence (hash and locator only)` : ""}`;
      }
    },
    {
      step: "checkEvidenceSpans",
      run(entries) {
        let checked = 0;
        for (const c of manifest.claims ?? []) {
          const rec = claimRecord(entries, c.claimId);
          const src = rec ? sourceTexts.get(rec.sourceId) : void 0;
          if (!rec || src === void 0) continue;
          if (src.slice(rec.span.start, rec.span.end) !== rec.span.sentence) throw evidenceFailure("SPAN_MISMATCH", `claim ${c.claimId}: the source text at ${rec.span.start}..${rec.span.end} is not its evidence sentence`);
          checked++;
        }
        return `${checked} evidence spans occur in their source texts at their offsets`;
      }
    },
    {
      step: "checkReverification",
      run(entries) {
        let checked = 0;
        const papers = /* @__PURE__ */ new Map();
        for (const e of entries.filter((x) => x.header.contract === SOURCE_PROVENANCE_CONTRACT)) {
          const p = payload(e);
          const t = sourceTexts.get(p.sourceId);
          if (t !== void 0) papers.set(p.sourceId, { id: p.sourceId, title: p.title, abstract: t, authors: p.authors, year: p.year, locator: p.locator, adapter: p.adapter, license: p.license });
        }
        for (const c of manifest.claims ?? []) {
          const v = withPayloadHash(entries, c.recordHash)[0];
          const rec = v ? claimRecord(entries, c.claimId, v.header.index) : void 0;
          if (!v || !rec || !papers.has(rec.sourceId)) continue;
          const recorded = payload(v);
          const paper = papers.get(rec.sourceId);
          if (sourceText(paper) !== sourceTexts.get(rec.sourceId)) continue;
          const [again] = verifyClaims([rec], [paper], { threshold: recorded.threshold });
          const diff = ["verified", "confidence", "bestSentence"].find((k) => again[k] !== recorded[k]) ?? (canonicalize(again.consistency) !== canonicalize(recorded.consistency) ? "consistency" : void 0);
          if (diff) throw evidenceFailure("REVERIFICATION_MISMATCH", `claim ${c.claimId}: recomputed ${diff} ${JSON.stringify(again[diff])}, recorded ${JSON.stringify(recorded[diff])}`);
          if (c.verified !== recorded.verified || c.confidence !== recorded.confidence) throw evidenceFailure("REVERIFICATION_MISMATCH", `claim ${c.claimId}: the manifest says verified ${c.verified} at ${c.confidence}, the record ${recorded.verified} at ${recorded.confidence}`);
          checked++;
        }
        const semantic = semanticLevelBasis(entries, manifest);
        return `${checked} of ${(manifest.claims ?? []).length} claims re-verified from the shipped texts (${recordedMethod(entries)}): confidence and verdict reproduce exactly${semantic}`;
      }
    },
    {
      step: "checkHistoryDigest",
      run(entries) {
        const d = manifest.workflow?.historyDigest;
        if (!d) throw evidenceFailure("HISTORY_MISMATCH", "the manifest names no history digest");
        const bytes = files.get(`evidence/history/${hex2(d.sha256)}.json`);
        if (!bytes) throw evidenceFailure("EVIDENCE_MISSING", `the history ${d.sha256} is not shipped`);
        const got = sha256(Buffer.from(bytes));
        if (got !== d.sha256) throw evidenceFailure("HISTORY_MISMATCH", `the shipped history hashes to ${got}, the manifest says ${d.sha256}`);
        const events = historyEvents(bytes);
        if (events.length !== d.lastEventId || Number(events[events.length - 1]?.eventId) !== d.lastEventId) throw evidenceFailure("HISTORY_MISMATCH", `the shipped history has ${events.length} events, the manifest says 1..${d.lastEventId}`);
        const archives = entries.filter((e) => e.header.kind === KIND.historyArchive);
        for (const e of archives) {
          const a = payload(e);
          const file = `evidence/history/${hex2(String(a.sha256))}.json`;
          const shipped = files.get(file);
          if (!shipped) throw evidenceFailure("EVIDENCE_MISSING", `the history archived by entry ${e.header.index} (${a.workflowId} run ${a.runId}) is not shipped as ${file}`);
          const hash2 = sha256(Buffer.from(shipped));
          if (hash2 !== a.sha256) throw evidenceFailure("HISTORY_MISMATCH", `${file} hashes to ${hash2}, its history.archive entry ${e.header.index} says ${a.sha256}`);
          const ev = historyEvents(shipped);
          if (ev.length !== a.lastEventId || Number(ev[ev.length - 1]?.eventId) !== a.lastEventId) throw evidenceFailure("HISTORY_MISMATCH", `${file} has ${ev.length} events, its history.archive entry ${e.header.index} says 1..${a.lastEventId}`);
          const started = historyWorkflowId(ev);
          if (started !== null && started !== a.workflowId) throw evidenceFailure("HISTORY_MISMATCH", `${file} is a history of workflow ${started}, its history.archive entry ${e.header.index} says ${a.workflowId}`);
          histories.push({ entryIndex: e.header.index, workflowId: a.workflowId, runId: a.runId, lastEventId: a.lastEventId, activities: historyActivities(ev) });
        }
        if (!archives.some((e) => payload(e).sha256 === d.sha256)) throw evidenceFailure("HISTORY_MISMATCH", `the manifest's history ${d.sha256} is not archived by a history.archive entry of this stream`);
        return `events 1..${d.lastEventId} digest to ${d.sha256}; ${archives.length} archived histories hash to their history.archive entries`;
      }
    },
    {
      step: "checkEntryOrigins",
      run(entries) {
        const runs = /* @__PURE__ */ new Map();
        for (const h of histories) {
          const key = runKey(h.workflowId, h.runId);
          const run = runs.get(key) ?? { activities: /* @__PURE__ */ new Map(), lastArchive: -1, lastEventId: 0 };
          for (const a of h.activities) if (!run.activities.has(a.activityId)) run.activities.set(a.activityId, a);
          run.lastArchive = Math.max(run.lastArchive, h.entryIndex);
          run.lastEventId = Math.max(run.lastEventId, h.lastEventId);
          runs.set(key, run);
        }
        let tied = 0;
        const untied = /* @__PURE__ */ new Map();
        const report = (key, reason) => untied.set(key, { entries: (untied.get(key)?.entries ?? 0) + 1, reason });
        for (const e of entries) {
          const a = e.header.actor ?? {};
          const key = runKey(a.workflowId, a.runId);
          const run = runs.get(key);
          const what = `entry ${e.header.index} (${e.header.kind})`;
          if (!run) {
            report(key, "no archived history of that run is shipped");
            continue;
          }
          const act = run.activities.get(String(a.activityId));
          if (!act && e.header.index > run.lastArchive) {
            report(key, `appended after the run's last archived history (entry ${run.lastArchive})`);
            continue;
          }
          if (!act) throw evidenceFailure("HISTORY_MISMATCH", `${what}: its actor, ${String(a.activityType)} #${String(a.activityId)} of ${String(a.workflowId)} run ${String(a.runId)}, is neither scheduled nor recorded as a local activity in that run's archived history (events 1..${run.lastEventId})`);
          if (act.activityType !== a.activityType) throw evidenceFailure("HISTORY_MISMATCH", `${what}: its actor says activity #${act.activityId} is ${String(a.activityType)}, the run's history ${act.local ? "records local activity" : "schedules"} ${act.activityType} (event ${act.eventId})`);
          tied++;
        }
        const notTied = [...untied].map(([key, u]) => `${u.entries} of ${key} (${u.reason})`);
        return `${tied} of ${entries.length} entries name an activity that their run's archived history schedules or records as a local activity (${runs.size} archived runs)` + (notTied.length ? `; NOT TIED to a workflow event: ${notTied.join("; ")}` : "");
      }
    },
    {
      step: "checkReportCitations",
      run(entries) {
        const report = text(files.get("report.md"));
        if (report === void 0) throw evidenceFailure("EVIDENCE_MISSING", "report.md is missing");
        const refs = report.split("\n## References")[1] ?? "";
        const locators = /* @__PURE__ */ new Map();
        for (const m of refs.matchAll(/^(\d+)\. .*<([^>]+)>\.?$/gm)) locators.set(Number(m[1]), m[2]);
        const sourceIds = new Set((manifest.sources ?? []).map((s) => s.sourceId));
        const byLocator = /* @__PURE__ */ new Map();
        for (const e of entries.filter((x) => x.header.contract === SOURCE_PROVENANCE_CONTRACT)) {
          const p = payload(e);
          if (sourceIds.has(p.sourceId)) byLocator.set(p.locator, p.sourceId);
        }
        for (const [n, loc] of locators) if (!byLocator.has(loc)) throw evidenceFailure("CITATION_UNRESOLVED", `reference [${n}] <${loc}> is not a source of the manifest`);
        const body = report.split("\n## References")[0];
        const cited = [...body.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
        for (const n of cited) if (!locators.has(n)) throw evidenceFailure("CITATION_UNRESOLVED", `citation [${n}] has no reference`);
        for (const m of body.matchAll(/`((?:corpus|arxiv):[^`]+)`/g)) if (!sourceIds.has(m[1])) throw evidenceFailure("CITATION_UNRESOLVED", `source ${m[1]} cited in the report is not a manifest source`);
        return `${cited.length} citations resolve to ${locators.size} references, each a manifest source`;
      }
    },
    {
      step: "checkCorrectionChain",
      run(entries) {
        const corrections = entries.filter((e) => e.header.contract === CORRECTION_RECORD_CONTRACT);
        let previous = null;
        corrections.forEach((e, i) => {
          const c = payload(e);
          if (c.previousCorrectionHash !== previous) throw evidenceFailure("CORRECTION_CHAIN_BROKEN", `correction ${c.correctionId} names previous ${c.previousCorrectionHash ?? "null"}, expected ${previous ?? "null"}`);
          const file = files.get(`evidence/corrections/${String(i + 1).padStart(3, "0")}.json`);
          if (!file || sha256(Buffer.from(file)) !== e.header.payloadHash) throw evidenceFailure("CORRECTION_CHAIN_BROKEN", `evidence/corrections/${String(i + 1).padStart(3, "0")}.json is not correction ${c.correctionId}`);
          previous = e.header.payloadHash;
        });
        const listed = manifest.correction?.records ?? [];
        const inStream = corrections.map((e) => e.header.payloadHash);
        if (canonicalize(listed) !== canonicalize(inStream.slice(0, listed.length)) || listed.length !== inStream.length) {
          throw evidenceFailure("CORRECTION_CHAIN_BROKEN", `the manifest lists ${listed.length} corrections, the stream holds ${inStream.length} before the checkpoint`);
        }
        return `${corrections.length} corrections chain by previousCorrectionHash and match the manifest`;
      }
    }
  ];
}
function semanticLevelBasis(entries, manifest) {
  const level = manifest.verification?.level;
  if (!level || !needsCrossMethodAgreement(level)) return "";
  let judged = 0;
  const methods = /* @__PURE__ */ new Set();
  for (const c of manifest.claims ?? []) {
    if (!c.verified) continue;
    const v = withPayloadHash(entries, c.recordHash)[0];
    const recorded = v ? payload(v) : void 0;
    if (recorded?.entailment?.verdict !== "SUPPORTS" || recorded.semantic?.verdict !== "SUPPORTS") {
      throw evidenceFailure("REVERIFICATION_MISMATCH", `the manifest says ${level}, but claim ${c.claimId}'s record carries ${recorded?.semantic ? `the semantic verdict ${String(recorded.semantic.verdict)}` : "no semantic verdict"} beside lexical ${String(recorded?.entailment?.verdict ?? "none")} (${level} needs both to say SUPPORTS)`);
    }
    methods.add(recorded.semantic.method);
    judged++;
  }
  return `; ${level}: all ${judged} verified claims carry lexical and semantic SUPPORTS (${[...methods].join(", ") || "no verified claims"})`;
}
var streamIndexes = /* @__PURE__ */ new WeakMap();
function streamIndex(entries) {
  let index = streamIndexes.get(entries);
  if (!index) {
    index = { byPayloadHash: /* @__PURE__ */ new Map(), claims: /* @__PURE__ */ new Map() };
    for (const e of entries) {
      const same = index.byPayloadHash.get(e.header.payloadHash);
      if (same) same.push(e);
      else index.byPayloadHash.set(e.header.payloadHash, [e]);
      if (e.header.kind !== KIND.claim) continue;
      const c = payload(e);
      const records = index.claims.get(c.claimId);
      if (records) records.push({ ...c, index: e.header.index });
      else index.claims.set(c.claimId, [{ ...c, index: e.header.index }]);
    }
    streamIndexes.set(entries, index);
  }
  return index;
}
function withPayloadHash(entries, hash2) {
  return streamIndex(entries).byPayloadHash.get(hash2) ?? [];
}
function claimRecord(entries, claimId, beforeIndex = Infinity) {
  const records = streamIndex(entries).claims.get(claimId) ?? [];
  let found;
  for (const r of records) if (r.index < beforeIndex) found = r;
  return found;
}
function historyEvents(bytes) {
  try {
    const events = JSON.parse(Buffer.from(bytes).toString("utf8"))?.events;
    return Array.isArray(events) ? events : [];
  } catch {
    return [];
  }
}
function recordedMethod(entries) {
  const v = entries.find((e) => e.header.kind === KIND.verification);
  return v ? payload(v).method : "no verification records";
}

// verification/verify-synthesis-evidence.ts
function verifySynthesisEvidence(inputs) {
  const receipt = inputs.receipt ?? {};
  const manifest = inputs.manifest ?? {};
  let checkpoint = null;
  try {
    const cp = verifyCheckpoint(String(receipt.checkpoint), inputs.trustedPublicKey ?? String(receipt.publicKey), { origin: manifest.ledger?.logOrigin });
    if (cp.treeSize === receipt.treeSize) checkpoint = { treeSize: cp.treeSize, rootHash: cp.rootHash };
  } catch {
  }
  const streamJsonl = inputs.files.get("evidence/stream.jsonl");
  const result = verifyEvidence({
    stream: String(receipt.entryHeader?.stream ?? ""),
    streamJsonl: streamJsonl ? Buffer.from(streamJsonl).toString("utf8") : "",
    checkpoint,
    published: { leafIndex: Number(receipt.leafIndex), streamHead: manifest.ledger?.streamHead, entryCount: manifest.ledger?.entryCount },
    checks: synthesisEvidenceChecks(inputs.manifest, inputs.files)
  });
  return { ok: result.ok, steps: result.steps, correction: correctionNotice(inputs.manifest, result.entries) };
}

// verification/verify-bundle.ts
function verifyBundle(bundle, options = {}) {
  const steps = [];
  const run = stepRunner(steps);
  const trust = options.trust ?? EMPTY_TRUST_POLICY;
  const names = { manifest: bundle.names?.manifest ?? "manifest.json", receipt: bundle.names?.receipt ?? "receipt.json" };
  let manifest;
  let receipt;
  run("readBundle", () => {
    const problems = [...bundle.readProblems ?? []];
    const read = [];
    const load = (bytes, name) => {
      if (bytes === void 0) return void 0;
      try {
        const value = parseStrictJson(decodeUtf82(bytes, name));
        read.push(`${name} (${bytes.length} bytes)`);
        return value;
      } catch (e) {
        problems.push(`${name} is not strict JSON: ${e.message}`);
        return void 0;
      }
    };
    manifest = load(bundle.manifest, names.manifest);
    receipt = load(bundle.receipt, names.receipt);
    if (problems.length > 0) throw new VerificationError("MALFORMED_INPUT", problems.join("; "));
    return `read ${read.join(", ")}`;
  });
  let since = null;
  let sinceError = null;
  try {
    since = options.since === void 0 ? null : readSince(options.since);
  } catch (e) {
    sinceError = e;
  }
  const later = since !== null && since.later(receipt);
  const artifacts = /* @__PURE__ */ new Map();
  for (const a of PAPER_MANIFEST_SUBJECT.artifactsOf(manifest)) {
    const bytes = typeof a?.name === "string" && /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(a.name) ? bundle.files.get(a.name) : void 0;
    if (bytes) artifacts.set(a.name, bytes);
  }
  const receiptResult = verifyReceipt({
    subject: PAPER_MANIFEST_SUBJECT,
    manifest,
    receipt,
    artifacts,
    trust,
    since: since && !later ? since.checkpoint : void 0
  });
  steps.push(...receiptResult.steps);
  if (sinceError !== null) run("checkConsistency", () => {
    throw sinceError;
  });
  let superseded = null;
  if (since && later) {
    run("checkSuperseded", () => {
      const out = checkSuperseded(manifest, receipt, receiptResult.status === "FAILED" ? null : receiptCheckpoint(receipt), since, trust);
      superseded = out.superseded;
      return out.message;
    });
  }
  let evidence = null;
  let correction = correctionNotice(manifest);
  if (bundle.files.has("evidence/index.json")) {
    const deep = verifySynthesisEvidence({ manifest, receipt, files: bundle.files, trustedPublicKey: receiptResult.trustedKey?.key });
    evidence = { ok: deep.ok, steps: deep.steps };
    correction = deep.correction;
  }
  const failed = [...steps, ...evidence?.steps ?? []].filter((s) => !s.ok);
  const status = failed.length === 0 ? "OK" : failed.every((s) => s.code === "UNTRUSTED_KEY") ? "UNTRUSTED" : "FAILED";
  return {
    ok: status === "OK",
    status,
    manifestHash: receiptResult.manifestHash ?? safeHash(manifest),
    trustedKey: status === "OK" ? receiptResult.trustedKey : null,
    correction,
    superseded,
    steps,
    evidence
  };
}
function allSteps(v) {
  return [...v.steps, ...v.evidence?.steps ?? []];
}
function readSince(s) {
  const text2 = decodeUtf82(s.receiptOrCheckpoint, s.source);
  let receipt = null;
  let checkpoint = text2;
  if (text2.trimStart().startsWith("{")) {
    try {
      receipt = parseStrictJson(text2);
    } catch (e) {
      throw new VerificationError("MALFORMED_INPUT", `${s.source} is not strict JSON: ${e.message}`);
    }
    checkpoint = typeof receipt?.checkpoint === "string" ? receipt.checkpoint : "";
  }
  let manifest = null;
  if (s.manifest) {
    try {
      manifest = parseStrictJson(decodeUtf82(s.manifest, `${s.source} manifest`));
    } catch {
      manifest = null;
    }
  }
  const size = sizeOf(checkpoint);
  return {
    checkpoint,
    receipt,
    manifest,
    source: s.source,
    later: (r) => size !== null && typeof r?.treeSize === "number" && size > r.treeSize
  };
}
function sizeOf(note) {
  try {
    const split = note.lastIndexOf("\n\n");
    return split < 0 ? null : parseCheckpointBody(note.slice(0, split + 1)).treeSize;
  } catch {
    return null;
  }
}
function receiptCheckpoint(receipt) {
  const note = receipt?.checkpoint;
  if (typeof note !== "string") return null;
  try {
    const split = note.lastIndexOf("\n\n");
    const cp = parseCheckpointBody(note.slice(0, split + 1));
    return { treeSize: cp.treeSize, rootHash: cp.rootHash };
  } catch {
    return null;
  }
}
function checkSuperseded(manifest, receipt, mine, since, trust) {
  if (!mine) throw new VerificationError("CHECKPOINT_INVALID", "this bundle's checkpoint did not verify, so nothing can be compared with a later one");
  if (!since.receipt) {
    throw new VerificationError("CONSISTENCY_MISMATCH", `${since.source} is a bare checkpoint of a later tree: it carries no consistency proof from size ${mine.treeSize} and names no version; give the later bundle or its receipt.json`);
  }
  const later = since.receipt;
  const origin = PAPER_MANIFEST_SUBJECT.logOriginOf(manifest);
  const rotations = [
    ...Array.isArray(receipt?.keyRotations) ? receipt.keyRotations : [],
    ...Array.isArray(later.keyRotations) ? later.keyRotations : []
  ];
  const signed = verifyTrustedCheckpoint(since.checkpoint, { policy: trust, origin, presentedKey: typeof later.publicKey === "string" ? later.publicKey : void 0, keyRotations: rotations });
  const cp = signed.checkpoint;
  checkConsistencySince(mine.treeSize, mine.rootHash, cp.treeSize, cp.rootHash, later.consistencyProofs);
  const grew = `the log only grew from this version's checkpoint (size ${mine.treeSize}) to the later one of ${since.source} (size ${cp.treeSize}, ${signed.status === "TRUSTED" ? signed.message : `UNTRUSTED: ${signed.message}`})`;
  if (signed.status === "UNTRUSTED") throw new VerificationError("UNTRUSTED_KEY", grew);
  const stream = PAPER_MANIFEST_SUBJECT.streamOf(manifest);
  const h = later.entryHeader;
  const myIndex = receipt?.leafIndex;
  if (!h || h.stream !== stream || h.contract !== PAPER_MANIFEST_SUBJECT.contract || typeof later.leafIndex !== "number" || typeof myIndex !== "number" || later.leafIndex <= myIndex) {
    return { message: `${grew}; it publishes no later version of ${JSON.stringify(stream)}`, superseded: null };
  }
  if (h.index !== later.leafIndex || later.treeSize !== cp.treeSize || typeof later.manifestHash !== "string" || h.payloadHash !== later.manifestHash || !Array.isArray(later.inclusionProof)) {
    throw new VerificationError("PROOF_MISMATCH", `the later receipt of ${since.source} does not describe its own ledger entry consistently (index, treeSize, manifestHash)`);
  }
  verifyInclusion(leafHash(new TextEncoder().encode(canonicalize(h))), later.leafIndex, cp.treeSize, later.inclusionProof.map(hashToBytes), cp.rootHash);
  let version = null;
  let status = null;
  if (since.manifest) {
    if (hashJson(since.manifest) !== later.manifestHash) throw new VerificationError("HASH_MISMATCH", `the manifest of ${since.source} does not hash to its receipt's manifestHash ${later.manifestHash}`);
    version = typeof since.manifest.manifestVersion === "number" ? since.manifest.manifestVersion : null;
    const c = since.manifest.correction;
    status = typeof c?.status === "string" ? c.status : null;
  }
  const superseded = { manifestHash: later.manifestHash, manifestVersion: version, leafIndex: later.leafIndex, treeSize: cp.treeSize, correctionStatus: status };
  return { message: `SUPERSEDED by ${describeSupersession(superseded)}; ${grew}`, superseded };
}
function describeSupersession(s) {
  return `${s.manifestVersion === null ? "a later version" : `version ${s.manifestVersion}`} (manifest ${s.manifestHash}, ledger entry ${s.leafIndex}${s.correctionStatus ? `, ${s.correctionStatus}` : ""})`;
}
function decodeUtf82(bytes, name) {
  try {
    const text2 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    if (text2.startsWith("\uFEFF")) throw new Error("byte order mark");
    return text2;
  } catch (e) {
    throw new VerificationError("MALFORMED_INPUT", `${name} is not UTF-8 text (${e.message})`);
  }
}
function safeHash(manifest) {
  try {
    return manifest === void 0 ? null : hashJson(manifest);
  } catch {
    return null;
  }
}

// verifier/src/standalone.ts
function parseJson(text2) {
  return parseStrictJson(text2);
}
function openNote2(note, verifiers) {
  return openNote(note, Array.isArray(verifiers) ? verifiers : [verifiers]);
}
var EXIT_UNTRUSTED = 6;
var EXIT_FLAGGED = 8;
function loadTrust(o) {
  const text2 = (path, field2, maxBytes) => Buffer.from(readBoundedFile(path, { field: field2, maxBytes, followLinks: true })).toString("utf8");
  return trustRootsFromTexts({
    trustFile: o.trustFile === void 0 ? void 0 : { text: text2(o.trustFile, "--trust-file", MAX_TRUST_FILE_BYTES), source: `--trust-file ${o.trustFile}` },
    trustedKeys: o.trustedKeys,
    publicKeyText: o.publicKey === void 0 ? void 0 : text2(o.publicKey, "--public-key", MAX_PUBLIC_KEY_FILE_BYTES),
    envValue: o.env?.[TRUSTED_KEYS_ENV]
  });
}
async function verifyBundle2(dir, options = {}) {
  const at = options.manifest === void 0 ? bundleLocation(dir, true, options) : bundleLocation(options.manifest, false, options);
  let trust;
  let trustProblem = null;
  try {
    trust = loadTrust(options);
  } catch (e) {
    trustProblem = e instanceof SynthledgerError ? `${e.code}: ${e.message}` : "the trust roots cannot be read";
  }
  const bytes = readBundleBytes(at);
  if (trustProblem) bytes.readProblems = [...bytes.readProblems ?? [], trustProblem];
  let since;
  if (options.since !== void 0) {
    try {
      since = readSinceInput(options.since);
    } catch (e) {
      since = { receiptOrCheckpoint: new Uint8Array(), source: `--since ${options.since} (${e.message})` };
    }
  }
  return flatten(verifyBundle(bytes, { trust, since }));
}
function flatten(v) {
  return { ok: v.ok, status: v.status, manifestHash: v.manifestHash, trustedKey: v.trustedKey, correction: v.correction, superseded: v.superseded, steps: allSteps(v) };
}
var USAGE = `usage:
  node verify-bundle.mjs <bundle-dir> [--trusted-key <verifier key>]... [--trust-file <trust.json>] [--since <bundle|receipt|checkpoint>] [--json]
  node verify-bundle.mjs <manifest.json> [--receipt <receipt.json>] [--public-key <key file>] [--artifacts <dir>] [--json]

Verifies a published synthledger bundle offline: the manifest hash, the ledger
entry header, every artifact's sha256 and size, the RFC 9162 inclusion proof and
the Ed25519 signature of the C2SP checkpoint; with evidence/, the whole stream
(chain, inclusion, claims, sources, spans, re-verification, history, citations,
corrections). A bundle directory holds manifest.json, receipt.json and the
artifacts. With a manifest file, the receipt defaults to receipt.json beside
it, and artifacts are looked up in its directory.

--since names another version of the same log: an older one (the log must only
have grown since), or a later bundle or receipt (this version is then reported
SUPERSEDED, and by what).

The checkpoint counts only when signed by a key YOU trust, obtained from the
publisher out of band (their website, a release note, a signed email):
--trusted-key <name+id+key> (repeatable), --trust-file <trust-policy-v1 JSON>,
--public-key <file holding one key>, or ${TRUSTED_KEYS_ENV} (keys separated by
commas or spaces). The bundle's own public-key.txt and the receipt's publicKey
are never trusted: without a pinned key the result is UNTRUSTED.

Exit status: 0 every check passed with a trusted key, 1 a check failed,
2 usage error or bad trust file, ${EXIT_UNTRUSTED} untrusted (only the bundle's own key),
${EXIT_FLAGGED} valid but retracted, withdrawn or under concern.`;
function parseArgs(argv) {
  const options = {};
  let json = false;
  const positional = [];
  const valued = {
    "--receipt": "receipt",
    "--public-key": "publicKey",
    "--artifacts": "artifactsDir",
    "--trust-file": "trustFile",
    "--since": "since"
  };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === "--help" || a === "-h") return { help: true };
    if (a === "--json") json = true;
    else if (a === "--trusted-key") {
      const v = argv[++k];
      if (v === void 0 || v === "") return { error: `${a} needs a verifier key` };
      (options.trustedKeys ??= []).push(v);
    } else if (Object.prototype.hasOwnProperty.call(valued, a)) {
      const v = argv[++k];
      if (v === void 0 || v === "") return { error: `${a} needs a file name` };
      if (options[valued[a]] !== void 0) return { error: `${a} given twice` };
      options[valued[a]] = v;
    } else if (a.startsWith("-") && a !== "-") return { error: `unknown option ${show2(a, 40)}` };
    else positional.push(a);
  }
  if (positional.length !== 1) return { error: positional.length === 0 ? "give a bundle directory or a manifest file" : "give exactly one bundle directory or manifest file" };
  return { target: positional[0], options, json };
}
function formatReport(target, r) {
  const width = Math.max(...r.steps.map((s) => s.step.length));
  const lines = [`${r.correction.flagged ? "!!! " : ""}CORRECTION STATUS: ${r.correction.headline}`, `Verifying ${show2(target, 200).slice(1, -1)}`];
  for (const s of r.steps) lines.push(`${s.ok ? "PASS" : s.code === "UNTRUSTED_KEY" ? "UNTR" : "FAIL"}  ${s.step.padEnd(width)}  ${!s.ok && s.code ? `${s.code}: ` : ""}${s.message}`);
  const failed = r.steps.filter((s) => !s.ok);
  if (r.superseded) lines.push(`SUPERSEDED: this version is superseded by ${describeSupersession(r.superseded)}.`);
  const verdict = r.correction.flagged ? `VALID BUT ${r.correction.status.replace("_", " ")}` : "OK";
  lines.push(r.status === "OK" ? `${verdict}: all ${r.steps.length} steps passed; manifest ${r.manifestHash} is attested by the log checkpoint signed by trusted key ${describeKey(r.trustedKey)}.` : r.status === "UNTRUSTED" ? `UNTRUSTED: every check passed, but the checkpoint is signed only by the key the bundle names itself, so it proves nothing. Pin the publisher's key (--trusted-key, --trust-file or ${TRUSTED_KEYS_ENV}).` : `FAILED: ${failed.length} of ${r.steps.length} steps failed (${failed.map((s) => s.step).join(", ")}). Do not trust this bundle.`);
  return `${lines.map((l) => escapeUnsafeText(l)).join("\n")}
`;
}
function exitStatus(r) {
  if (r.status === "OK") return r.correction.flagged ? EXIT_FLAGGED : 0;
  return r.status === "UNTRUSTED" ? EXIT_UNTRUSTED : 1;
}
async function main(argv, out = process.stdout, err = process.stderr, env = process.env) {
  try {
    const args = parseArgs(argv);
    if ("help" in args) {
      out.write(`${USAGE}
`);
      return 0;
    }
    if ("error" in args) {
      err.write(`verify-bundle: ${args.error}
${USAGE}
`);
      return 2;
    }
    let isDir;
    try {
      isDir = statSync(args.target).isDirectory();
    } catch {
      err.write(`verify-bundle: ${show2(args.target, 200)} does not exist
${USAGE}
`);
      return 2;
    }
    const options = { ...args.options, env: { [TRUSTED_KEYS_ENV]: env[TRUSTED_KEYS_ENV] } };
    try {
      loadTrust(options);
    } catch (e) {
      const issues = e instanceof ValidationError ? e.issues.map((i) => `${i.path}: ${i.message}`).join("; ") : "";
      err.write(`verify-bundle: ${e instanceof SynthledgerError ? `${e.code}: ${issues || e.message}` : "the trust roots cannot be read"}
`);
      return 2;
    }
    const result = isDir ? await verifyBundle2(args.target, options) : await verifyBundle2(".", { ...options, manifest: args.target });
    out.write(args.json ? `${escapeUnsafeJson(JSON.stringify(result, null, 2))}
` : formatReport(args.target, result));
    return exitStatus(result);
  } catch (e) {
    err.write(`verify-bundle: internal error: ${show2(e instanceof Error ? e.message : String(e), 200)}
`);
    return 1;
  }
}
function isMainModule() {
  try {
    const url = import.meta.url;
    return process.argv[1] !== void 0 && realpathSync2(process.argv[1]) === realpathSync2(fileURLToPath(url));
  } catch {
    return false;
  }
}
if (isMainModule()) {
  main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  }, () => {
    process.exitCode = 1;
  });
}
export {
  EXIT_FLAGGED,
  EXIT_UNTRUSTED,
  USAGE,
  canonicalize,
  exitStatus,
  formatReport,
  loadTrust,
  main,
  openNote2 as openNote,
  parseArgs,
  parseCheckpointBody,
  parseJson,
  parseVerifierKey,
  show2 as show,
  verifyBundle2 as verifyBundle,
  verifyInclusion
};
