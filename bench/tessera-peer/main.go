// Command tessera-peer measures appends to a Tessera transparency log on its
// POSIX storage backend, as the peer of `npm run bench:ledger`.
//
// It opens a fresh log in a temporary directory, signed by a new Ed25519 note
// signer, and runs -writers concurrent writers for -seconds. Each writer adds
// one entry of -entry-bytes bytes at a time and waits for the entry's index
// (the future Add returns, which resolves once the entry is durably sequenced
// and, on POSIX, integrated into the tree) before adding the next. One warm-up
// entry per writer precedes the timed window. After the window it shuts the
// log down, checks the published checkpoint's signature and size, removes the
// directory, and prints one JSON object on stdout.
//
// Every Tessera option has Tessera's library default unless a flag sets it;
// the JSON names every value used.
package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/transparency-dev/tessera"
	"github.com/transparency-dev/tessera/storage/posix"
	"golang.org/x/mod/sumdb/note"
)

const tesseraModule = "github.com/transparency-dev/tessera"

// logDir is the log's temporary directory, removed on every exit.
var logDir string

// settings are the Tessera options this run used, as printed.
type settings struct {
	Storage                       string  `json:"storage"`
	BatchMaxSize                  uint    `json:"batchMaxSize"`
	BatchMaxAgeMs                 float64 `json:"batchMaxAgeMs"`
	CheckpointIntervalMs          float64 `json:"checkpointIntervalMs"`
	CheckpointRepublishIntervalMs float64 `json:"checkpointRepublishIntervalMs"`
	AntispamInMemoryEntries       uint    `json:"antispamInMemoryEntries"`
	PushbackMaxOutstanding        uint    `json:"pushbackMaxOutstanding"`
	Signer                        string  `json:"signer"`
}

// result is the JSON printed on stdout.
type result struct {
	Tessera         string    `json:"tessera"`
	Go              string    `json:"go"`
	Writers         int       `json:"writers"`
	EntryBytes      int       `json:"entryBytes"`
	Entries         int       `json:"entries"`
	Seconds         float64   `json:"seconds"`
	WritesPerSecond float64   `json:"writesPerSecond"`
	P50Ms           float64   `json:"p50Ms"`
	P99Ms           float64   `json:"p99Ms"`
	CheckpointSize  uint64    `json:"checkpointSize"`
	Directory       string    `json:"directory"`
	Settings        settings  `json:"settings"`
	LatenciesMs     []float64 `json:"latenciesMs,omitempty"`
}

func main() {
	writers := flag.Int("writers", 1, "concurrent writers, each adding one entry at a time")
	seconds := flag.Float64("seconds", 2, "length of the timed window in seconds")
	entryBytes := flag.Int("entry-bytes", 1000, "bytes per entry")
	batchMaxSize := flag.Uint("batch-max-size", tessera.DefaultBatchMaxSize, "Tessera WithBatching maxSize")
	batchMaxAge := flag.Duration("batch-max-age", tessera.DefaultBatchMaxAge, "Tessera WithBatching maxAge")
	checkpointInterval := flag.Duration("checkpoint-interval", tessera.DefaultCheckpointInterval, "Tessera WithCheckpointInterval")
	republishInterval := flag.Duration("checkpoint-republish-interval", tessera.DefaultCheckpointRepublishInterval, "Tessera WithCheckpointRepublishInterval")
	antispam := flag.Uint("antispam-in-memory", tessera.DefaultAntispamInMemorySize, "Tessera WithAntispam in-memory entries (0: no antispam)")
	pushback := flag.Uint("pushback", tessera.DefaultPushbackMaxOutstanding, "Tessera WithPushback maxOutstanding")
	parent := flag.String("dir", "", "directory in which to create the log's temporary directory (default: the system's)")
	latencies := flag.Bool("latencies", false, "also print every timed add's latency in ms")
	flag.Parse()
	if *writers < 1 || *seconds <= 0 || *entryBytes < 1 || *entryBytes > tessera.DefaultEntrySizeLimit || *batchMaxSize < 1 {
		fail(fmt.Errorf("need -writers ≥ 1, -seconds > 0, 1 ≤ -entry-bytes ≤ %d and -batch-max-size ≥ 1", tessera.DefaultEntrySizeLimit))
	}

	dir, err := os.MkdirTemp(*parent, "tessera-peer-")
	if err != nil {
		fail(err)
	}
	logDir = dir
	defer os.RemoveAll(dir)

	skey, vkey, err := note.GenerateKey(rand.Reader, "bench.synthledger.local/tessera-peer")
	if err != nil {
		fail(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		fail(err)
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		fail(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	driver, err := posix.New(ctx, posix.Config{Path: dir})
	if err != nil {
		fail(err)
	}
	opts := tessera.NewAppendOptions().
		WithCheckpointSigner(signer).
		WithBatching(*batchMaxSize, *batchMaxAge).
		WithCheckpointInterval(*checkpointInterval).
		WithCheckpointRepublishInterval(*republishInterval).
		WithPushback(*pushback)
	if *antispam > 0 {
		opts = opts.WithAntispam(*antispam, nil)
	}
	appender, shutdown, reader, err := tessera.NewAppender(ctx, driver, opts)
	if err != nil {
		fail(err)
	}

	// Entry w/i: a unique prefix (the in-memory antispam drops identical entries), padded to the size asked for.
	entry := func(w, i int) []byte {
		b := make([]byte, *entryBytes)
		for k := range b {
			b[k] = 'a' + byte(k%26)
		}
		copy(b, fmt.Sprintf("writer %d entry %d;", w, i))
		return b
	}
	add := func(w, i int) error {
		idx, err := appender.Add(ctx, tessera.NewEntry(entry(w, i)))()
		if err == nil && idx.IsDup {
			err = fmt.Errorf("entry %d of writer %d was taken for a duplicate of entry %d", i, w, idx.Index)
		}
		return err
	}

	var wg sync.WaitGroup
	errs := make([]error, *writers)
	for w := range *writers {
		wg.Add(1)
		go func() { defer wg.Done(); errs[w] = add(w, 0) }()
	}
	wg.Wait()
	failOn(errs)

	times := make([][]float64, *writers)
	start := time.Now()
	deadline := start.Add(time.Duration(*seconds * float64(time.Second)))
	for w := range *writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 1; time.Now().Before(deadline); i++ {
				t := time.Now()
				if err := add(w, i); err != nil {
					errs[w] = err
					return
				}
				times[w] = append(times[w], float64(time.Since(t).Nanoseconds())/1e6)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	failOn(errs)

	all := []float64{}
	for _, t := range times {
		all = append(all, t...)
	}
	if len(all) == 0 {
		fail(fmt.Errorf("no entry was added in the %g s window", *seconds))
	}
	total := len(all) + *writers

	// Shutdown publishes a checkpoint covering every entry whose index was returned.
	sctx, scancel := context.WithTimeout(ctx, 2*time.Minute)
	defer scancel()
	if err := shutdown(sctx); err != nil {
		fail(fmt.Errorf("shutdown: %w", err))
	}
	size, err := checkpointSize(ctx, reader, verifier)
	if err != nil {
		fail(err)
	}
	if size != uint64(total) {
		fail(fmt.Errorf("checkpoint size %d, but %d entries were added", size, total))
	}

	sorted := append([]float64(nil), all...)
	sort.Float64s(sorted)
	out := result{
		Tessera:         moduleVersion(tesseraModule),
		Go:              strings.TrimPrefix(goVersion(), "go"),
		Writers:         *writers,
		EntryBytes:      *entryBytes,
		Entries:         len(all),
		Seconds:         elapsed,
		WritesPerSecond: float64(len(all)) / elapsed,
		P50Ms:           percentile(sorted, 50),
		P99Ms:           percentile(sorted, 99),
		CheckpointSize:  size,
		Directory:       dir,
		Settings: settings{
			Storage:                       "posix",
			BatchMaxSize:                  *batchMaxSize,
			BatchMaxAgeMs:                 ms(*batchMaxAge),
			CheckpointIntervalMs:          ms(*checkpointInterval),
			CheckpointRepublishIntervalMs: ms(*republishInterval),
			AntispamInMemoryEntries:       *antispam,
			PushbackMaxOutstanding:        *pushback,
			Signer:                        "Ed25519 note signer (golang.org/x/mod/sumdb/note)",
		},
	}
	if *latencies {
		out.LatenciesMs = all
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		fail(err)
	}
}

// checkpointSize reads the published checkpoint, verifies its signature and returns its tree size.
func checkpointSize(ctx context.Context, reader tessera.LogReader, verifier note.Verifier) (uint64, error) {
	raw, err := reader.ReadCheckpoint(ctx)
	if err != nil {
		return 0, fmt.Errorf("reading the checkpoint: %w", err)
	}
	n, err := note.Open(raw, note.VerifierList(verifier))
	if err != nil {
		return 0, fmt.Errorf("the checkpoint does not verify: %w", err)
	}
	// C2SP tlog-checkpoint: origin, then the decimal tree size, then the root hash.
	lines := strings.SplitN(n.Text, "\n", 3)
	if len(lines) < 3 {
		return 0, fmt.Errorf("checkpoint has %d lines", len(lines))
	}
	return strconv.ParseUint(lines[1], 10, 64)
}

// percentile is the p-th percentile (nearest rank) of sorted values.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	rank := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, min(len(sorted)-1, rank))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// moduleVersion is the version of module path built into this binary.
func moduleVersion(path string) string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == path {
				if d.Replace != nil {
					return d.Replace.Version
				}
				return d.Version
			}
		}
	}
	return "unknown"
}

func goVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		return info.GoVersion
	}
	return "unknown"
}

func failOn(errs []error) {
	for _, err := range errs {
		if err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	if logDir != "" {
		_ = os.RemoveAll(logDir)
	}
	fmt.Fprintf(os.Stderr, "tessera-peer: %v\n", err)
	os.Exit(1)
}
