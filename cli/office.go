package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"paidup/ledger"
)

func officeCommand() command {
	return command{
		name: "office", args: "roles | user add NAME --role owner|bookkeeper|viewer | whoami",
		summary: "an office ledger on PostgreSQL: set up its roles, add a user at a desk, say what you may do",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var role string
			fs.StringVar(&role, "role", "", "user add: owner (everything), bookkeeper (post, import, export; no settings) or viewer (read and print)")
			return func(ctx context.Context, args []string) error {
				switch {
				case len(args) == 1 && (args[0] == "roles" || args[0] == "whoami"):
				case len(args) == 3 && args[0] == "user" && args[1] == "add":
					if role == "" {
						return usagef("office user add needs --role owner, bookkeeper or viewer")
					}
				default:
					return usagef("office needs roles, user add NAME --role ROLE, or whoami")
				}
				a, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer a.Close()
				switch args[0] {
				case "roles":
					if err := a.SetupRoles(ctx); err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "roles of %s set up: add users with: paidup office user add NAME --role bookkeeper\n", a.Path())
					return nil
				case "whoami":
					r, err := a.MyRole(ctx)
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "%s on %s (%s)\n", r, a.Path(), a.Dialect())
					return nil
				}
				if f, ok := e.stdin.(*os.File); ok {
					if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
						fmt.Fprintf(e.stderr, "Password for %s (one line, at least 8 characters; it shows as you type): ", args[2])
					}
				}
				pw, err := bufio.NewReader(e.stdin).ReadString('\n')
				if err != nil && pw == "" {
					return usagef("office user add reads the new user's password from stdin")
				}
				if err := a.AddUser(ctx, args[2], ledger.Role(role), strings.TrimRight(pw, "\r\n")); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "user %s added as %s; at their desk: paidup --db 'postgres://%s@HOST/DBNAME'\n", args[2], role, args[2])
				return nil
			}
		},
	}
}
