package cli

import (
	"os"
	"testing"

	"paidup/internal/pgtest"
)

// TestMain stops the PostgreSQL cluster the PostgreSQL run starts
// (PAIDUP_TEST_BACKEND=postgres: the daily jobs, reports, reminders and
// void tests run their commands with --db on a database).
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
