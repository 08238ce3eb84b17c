package reports

import (
	"os"
	"testing"

	"paidup/internal/pgtest"
)

// TestMain stops the PostgreSQL cluster the PostgreSQL run starts
// (PAIDUP_TEST_BACKEND=postgres: the fixtures are databases, not files).
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
