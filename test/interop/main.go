// Command checkpoint-interop checks synthledger checkpoints with Go's own
// implementation of signed notes and tlogs (golang.org/x/mod/sumdb/note and
// sumdb/tlog), independently of our TypeScript code:
//
//   - note.Open with a verifier list holding only the log's key must accept a
//     checkpoint that also carries witness cosignatures (they are unknown keys
//     to it and land in UnverifiedSigs);
//   - optionally, each witness cosignature (C2SP tlog-cosignature, Ed25519
//     cosignature/v1) is verified with a note.Verifier written here from the
//     spec;
//   - optionally, inclusion proofs of leaves are checked with tlog.CheckRecord
//     and a consistency proof from an older tree with tlog.CheckTree.
//
// Input: a JSON file named by the only argument (see the input type). Output:
// one JSON document on stdout; exit status 1 with the reason on stderr when
// anything does not verify.
package main

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type input struct {
	LogKey      string       `json:"logKey"`
	WitnessKeys []string     `json:"witnessKeys"`
	Checkpoint  string       `json:"checkpoint"`
	Inclusion   []inclusion  `json:"inclusion"`
	Consistency *consistency `json:"consistency"`
}

type consistency struct {
	OldSize int64    `json:"oldSize"`
	OldRoot string   `json:"oldRoot"` // base64
	Proof   []string `json:"proof"`   // base64 hashes, RFC 6962 order
}

type inclusion struct {
	Leaf  string   `json:"leaf"` // base64 of the leaf bytes
	Index int64    `json:"index"`
	Proof []string `json:"proof"` // base64 hashes, RFC 6962 order
}

type cosignature struct {
	Name      string `json:"name"`
	Timestamp uint64 `json:"timestamp"`
}

type output struct {
	Origin        string        `json:"origin"`
	TreeSize      int64         `json:"treeSize"`
	RootHash      string        `json:"rootHash"`
	LogSignatures []string      `json:"logSignatures"`
	Unverified    []string      `json:"unverified"`
	Cosignatures  []cosignature `json:"cosignatures"`
	Inclusions    int           `json:"inclusionsChecked"`
	Consistent    bool          `json:"consistencyChecked"`
}

func main() {
	if len(os.Args) != 2 {
		fail(errors.New("usage: checkpoint-interop input.json"))
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail(err)
	}
	var in input
	if err := json.Unmarshal(data, &in); err != nil {
		fail(fmt.Errorf("input: %w", err))
	}
	out, err := check(in)
	if err != nil {
		fail(err)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fail(err)
	}
}

func check(in input) (*output, error) {
	logVerifier, err := note.NewVerifier(in.LogKey)
	if err != nil {
		return nil, fmt.Errorf("log key: %w", err)
	}
	msg := []byte(in.Checkpoint)

	// The log key alone: witness lines are unknown keys, which note.Open ignores.
	n, err := note.Open(msg, note.VerifierList(logVerifier))
	if err != nil {
		return nil, fmt.Errorf("note.Open with the log key: %w", err)
	}
	out := &output{}
	for _, s := range n.Sigs {
		out.LogSignatures = append(out.LogSignatures, s.Name)
	}
	for _, s := range n.UnverifiedSigs {
		out.Unverified = append(out.Unverified, s.Name)
	}
	if out.Origin, out.TreeSize, out.RootHash, err = parseCheckpoint(n.Text); err != nil {
		return nil, err
	}

	if len(in.WitnessKeys) > 0 {
		verifiers := []note.Verifier{logVerifier}
		for _, k := range in.WitnessKeys {
			v, err := newCosignatureVerifier(k)
			if err != nil {
				return nil, fmt.Errorf("witness key %q: %w", k, err)
			}
			verifiers = append(verifiers, v)
		}
		all, err := note.Open(msg, note.VerifierList(verifiers...))
		if err != nil {
			return nil, fmt.Errorf("note.Open with the log and witness keys: %w", err)
		}
		for _, s := range all.Sigs {
			if s.Hash == logVerifier.KeyHash() && s.Name == logVerifier.Name() {
				continue
			}
			raw, _ := base64.StdEncoding.DecodeString(s.Base64)
			out.Cosignatures = append(out.Cosignatures, cosignature{Name: s.Name, Timestamp: binary.BigEndian.Uint64(raw[4:12])})
		}
		if len(out.Cosignatures) != len(in.WitnessKeys) {
			return nil, fmt.Errorf("%d of %d witnesses cosigned", len(out.Cosignatures), len(in.WitnessKeys))
		}
	}

	root, err := base64.StdEncoding.DecodeString(out.RootHash)
	if err != nil || len(root) != tlog.HashSize {
		return nil, errors.New("checkpoint root hash is not 32 bytes of base64")
	}
	var treeHash tlog.Hash
	copy(treeHash[:], root)
	for i, inc := range in.Inclusion {
		leaf, err := base64.StdEncoding.DecodeString(inc.Leaf)
		if err != nil {
			return nil, fmt.Errorf("inclusion %d: leaf: %w", i, err)
		}
		proof := make(tlog.RecordProof, len(inc.Proof))
		for j, h := range inc.Proof {
			b, err := base64.StdEncoding.DecodeString(h)
			if err != nil || len(b) != tlog.HashSize {
				return nil, fmt.Errorf("inclusion %d: proof hash %d is not 32 bytes of base64", i, j)
			}
			copy(proof[j][:], b)
		}
		if err := tlog.CheckRecord(proof, out.TreeSize, treeHash, inc.Index, tlog.RecordHash(leaf)); err != nil {
			return nil, fmt.Errorf("inclusion %d (leaf %d): tlog.CheckRecord: %w", i, inc.Index, err)
		}
		out.Inclusions++
	}
	if c := in.Consistency; c != nil {
		old, err := decodeHash(c.OldRoot)
		if err != nil {
			return nil, fmt.Errorf("consistency: old root: %w", err)
		}
		proof := make(tlog.TreeProof, len(c.Proof))
		for j, h := range c.Proof {
			if proof[j], err = decodeHash(h); err != nil {
				return nil, fmt.Errorf("consistency: proof hash %d: %w", j, err)
			}
		}
		if err := tlog.CheckTree(proof, out.TreeSize, treeHash, c.OldSize, old); err != nil {
			return nil, fmt.Errorf("consistency from %d: tlog.CheckTree: %w", c.OldSize, err)
		}
		out.Consistent = true
	}
	return out, nil
}

func decodeHash(s string) (tlog.Hash, error) {
	var h tlog.Hash
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != tlog.HashSize {
		return h, errors.New("not 32 bytes of base64")
	}
	copy(h[:], b)
	return h, nil
}

// parseCheckpoint reads the first three lines of a C2SP tlog-checkpoint body.
func parseCheckpoint(text string) (origin string, size int64, root string, err error) {
	lines := strings.SplitN(text, "\n", 4)
	if len(lines) < 4 {
		return "", 0, "", errors.New("checkpoint body has fewer than three lines")
	}
	size, err = strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return "", 0, "", fmt.Errorf("checkpoint tree size %q is not a decimal number", lines[1])
	}
	return lines[0], size, lines[2], nil
}

// cosignatureVerifier verifies Ed25519 cosignature/v1 lines
// (https://c2sp.org/tlog-cosignature): signature = timestamp (8 bytes, big
// endian) || Ed25519 over "cosignature/v1\ntime <t>\n" || note text; key ID
// over name || "\n" || 0x04 || public key.
type cosignatureVerifier struct {
	name string
	hash uint32
	key  ed25519.PublicKey
}

func newCosignatureVerifier(vkey string) (note.Verifier, error) {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		return nil, errors.New("not name+hash+key")
	}
	typed, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(typed) != 1+ed25519.PublicKeySize || typed[0] != 0x04 {
		return nil, errors.New("not an Ed25519 cosignature/v1 key (type 0x04)")
	}
	h := sha256.Sum256(append([]byte(parts[0]+"\n"), typed...))
	hash := binary.BigEndian.Uint32(h[:4])
	if fmt.Sprintf("%08x", hash) != strings.ToLower(parts[1]) {
		return nil, errors.New("key ID does not match the key")
	}
	return &cosignatureVerifier{name: parts[0], hash: hash, key: ed25519.PublicKey(typed[1:])}, nil
}

func (v *cosignatureVerifier) Name() string    { return v.name }
func (v *cosignatureVerifier) KeyHash() uint32 { return v.hash }
func (v *cosignatureVerifier) Verify(msg, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	t := binary.BigEndian.Uint64(sig[:8])
	signed := append([]byte(fmt.Sprintf("cosignature/v1\ntime %d\n", t)), msg...)
	return ed25519.Verify(v.key, signed, sig[8:])
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "checkpoint-interop:", err)
	os.Exit(1)
}
