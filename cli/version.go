package cli

import (
	"context"
	"flag"
	"fmt"

	"paidup/ledger"
)

func versionCommand() command {
	return command{
		name: "version", summary: "print the version",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			return func(ctx context.Context, args []string) error {
				fmt.Fprintf(e.stdout, "paidup %s (ledger schema %d)\n", Version, ledger.SchemaVersion())
				return nil
			}
		},
	}
}
