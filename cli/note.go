package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
)

func noteCommand() command {
	return command{
		name: "note", args: "add CODE TEXT…", summary: "keep a note on a customer (\"called, will pay Friday\"), dated and signed, in its history",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			return func(ctx context.Context, args []string) error {
				if len(args) < 3 || args[0] != "add" {
					return usagef("note add needs a customer CODE and the TEXT")
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				if err := a.AddNote(ctx, args[1], strings.Join(args[2:], " ")); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "noted on %s\n", args[1])
				return nil
			}
		},
	}
}
