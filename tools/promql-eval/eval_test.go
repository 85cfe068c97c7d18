// Evaluates PromQL test scripts (the promqltest language of github.com/prometheus/prometheus,
// promql/promqltest/README.md) with Prometheus's own engine. PROMQL_SCRIPTS names a JSON file that
// maps a scenario's name to its script; each scenario is a subtest, so `go test -json` reports each.
// tests/database-alerts-evaluated.test.ts writes the scripts from the program's PrometheusRule.
package promqleval

import (
	"encoding/json"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/prometheus/prometheus/promql/promqltest"
)

func TestScripts(t *testing.T) {
	file := os.Getenv("PROMQL_SCRIPTS")
	if file == "" {
		t.Skip("PROMQL_SCRIPTS is not set")
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var scripts map[string]string
	if err := json.Unmarshal(raw, &scripts); err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(scripts))
	for name := range scripts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			// Prometheus's default lookback (5m) and sample limit.
			engine := promqltest.NewTestEngine(t, false, 5*time.Minute, promqltest.DefaultMaxSamplesPerQuery)
			promqltest.RunTest(t, scripts[name], engine)
		})
	}
}
