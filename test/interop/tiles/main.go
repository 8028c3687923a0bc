// Command tiles-interop reads a synthledger log written by
// `synthledger log tiles DIR` (C2SP tlog-tiles) with Go's own tile reader,
// golang.org/x/mod/sumdb/tlog, independently of our TypeScript code:
//
//   - the checkpoint is opened with golang.org/x/mod/sumdb/note and the
//     log's verifier key;
//   - tlog.TileHashReader reads the hash tiles (it checks every tile it reads
//     against the checkpoint's tree) and tlog.TreeHash recomputes the root,
//     which must equal the checkpoint's;
//   - every entry of every entry bundle hashes (tlog.RecordHash) to its leaf
//     hash in the level-0 tiles.
//
// Usage: tiles-interop DIR VERIFIER_KEY. Output: one JSON document on stdout;
// exit status 1 with the reason on stderr when anything does not verify.
package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// tileHeight is tlog-tiles' fixed tile height: 2^8 = 256 hashes a tile.
const tileHeight = 8

// dirTiles serves tiles from a directory laid out as tlog-tiles, whose paths
// are sumdb's without the height element ("tile/<L>/<N>" for "tile/8/<L>/<N>").
type dirTiles struct{ dir string }

func (d dirTiles) Height() int { return tileHeight }

func (d dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := os.ReadFile(filepath.Join(d.dir, tilesPath(t.Path())))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (d dirTiles) SaveTiles([]tlog.Tile, [][]byte) {}

// tilesPath maps sumdb's tile path to tlog-tiles': drop the height element.
func tilesPath(sumdbPath string) string {
	return "tile/" + strings.TrimPrefix(sumdbPath, fmt.Sprintf("tile/%d/", tileHeight))
}

func run(dir, key string) (map[string]any, error) {
	verifier, err := note.NewVerifier(key)
	if err != nil {
		return nil, fmt.Errorf("verifier key: %w", err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "checkpoint"))
	if err != nil {
		return nil, err
	}
	n, err := note.Open(raw, note.VerifierList(verifier))
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 {
		return nil, errors.New("checkpoint body: want origin, size and root lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 1 {
		return nil, fmt.Errorf("checkpoint size %q", lines[1])
	}
	rootBytes, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(rootBytes) != tlog.HashSize {
		return nil, fmt.Errorf("checkpoint root %q", lines[2])
	}
	var root tlog.Hash
	copy(root[:], rootBytes)

	reader := tlog.TileHashReader(tlog.Tree{N: size, Hash: root}, dirTiles{dir})
	computed, err := tlog.TreeHash(size, reader)
	if err != nil {
		return nil, fmt.Errorf("tree hash from tiles: %w", err)
	}
	if computed != root {
		return nil, fmt.Errorf("tiles give root %s, checkpoint says %s", computed, root)
	}

	entries := int64(0)
	for k := int64(0); k*256 < size; k++ {
		w := min(size-k*256, 256)
		t := tlog.Tile{H: tileHeight, L: 0, N: k, W: int(w)}
		path := strings.Replace(tilesPath(t.Path()), "tile/0/", "tile/entries/", 1)
		data, err := os.ReadFile(filepath.Join(dir, path))
		if err != nil {
			return nil, err
		}
		for i := int64(0); i < w; i++ {
			if len(data) < 2 {
				return nil, fmt.Errorf("%s: truncated at entry %d", path, i)
			}
			l := int(data[0])<<8 | int(data[1])
			if len(data) < 2+l {
				return nil, fmt.Errorf("%s: entry %d truncated", path, i)
			}
			hashes, err := reader.ReadHashes([]int64{tlog.StoredHashIndex(0, k*256+i)})
			if err != nil {
				return nil, err
			}
			if tlog.RecordHash(data[2:2+l]) != hashes[0] {
				return nil, fmt.Errorf("%s: entry %d does not hash to leaf %d", path, i, k*256+i)
			}
			data = data[2+l:]
			entries++
		}
		if len(data) != 0 {
			return nil, fmt.Errorf("%s: %d trailing bytes", path, len(data))
		}
	}
	return map[string]any{"ok": true, "origin": lines[0], "treeSize": size, "root": root.String(), "entries": entries}, nil
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: tiles-interop DIR VERIFIER_KEY")
		os.Exit(2)
	}
	out, err := run(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_ = json.NewEncoder(os.Stdout).Encode(out)
}
