package bank

import (
	"os"
	"testing"

	"paidup/internal/pgtest"
)

// The matching tests run on SQLite and, with PAIDUP_TEST_BACKEND=postgres,
// on a throwaway PostgreSQL cluster.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
