package einvoice

import (
	"os"
	"testing"

	"paidup/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
