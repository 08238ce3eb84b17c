package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"paidup/app"

	"paidup/ledger"
)

func settingsCommand() command {
	return command{
		name: "settings", args: "list | get KEY | set KEY VALUE | smtp-password",
		summary: "show or change the business profile printed on invoices and statements ('settings list' shows every key; set KEY \"\" clears one)",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			return func(ctx context.Context, args []string) error {
				if len(args) == 0 {
					return usagef("settings needs list, get KEY or set KEY VALUE")
				}
				want := map[string]int{"list": 1, "get": 2, "set": 3, "smtp-password": 1}[args[0]]
				switch {
				case want == 0:
					return usagef("unknown settings action %q: use list, get KEY or set KEY VALUE", args[0])
				case len(args) != want && args[0] == "set":
					return usagef("settings set needs a KEY and one VALUE (quote a value with spaces; \"\" clears it)")
				case len(args) != want:
					return usagef("settings %s takes %d argument(s)", args[0], want-1)
				}
				if args[0] == "smtp-password" {
					return setSMTPPassword(ctx, e, e.stdin)
				}
				var key ledger.SettingKey
				if want > 1 {
					k, err := ledger.LookupSettingKey(args[1])
					if err != nil {
						return usageError{err.Error()}
					}
					key = k
				}
				st, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				switch args[0] {
				case "list":
					return listSettings(ctx, e, st)
				case "get":
					return getSetting(ctx, e, st, key)
				}
				return setSetting(ctx, e, st, key, args[2])
			}
		},
	}
}

func listSettings(ctx context.Context, e *env, st *app.App) error {
	vals, err := st.Settings(ctx)
	if err != nil {
		return err
	}
	width := 0
	for _, v := range vals {
		width = max(width, len(v.Key.Name))
	}
	for _, v := range vals {
		value := strings.ReplaceAll(v.Value, "\n", `\n`)
		if !v.Set {
			value = "(not set: " + v.Key.Help + ")"
		}
		fmt.Fprintf(e.stdout, "%-*s  %s\n", width, v.Key.Name, value)
	}
	return nil
}

func getSetting(ctx context.Context, e *env, st *app.App, key ledger.SettingKey) error {
	if key.Kind == ledger.SettingImage {
		img, err := st.SettingFile(ctx, key.Name)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, img.Describe())
		return nil
	}
	const unset = "\x00unset"
	v, err := st.Setting(ctx, key.Name, unset)
	if err != nil {
		return err
	}
	if v == unset {
		return ledger.Errorf(ledger.ENOTFOUND, "%s is not set (%s)", key.Name, key.Help)
	}
	fmt.Fprintln(e.stdout, v)
	return nil
}

func setSetting(ctx context.Context, e *env, st *app.App, key ledger.SettingKey, value string) error {
	if key.Kind == ledger.SettingImage && value != "" {
		data, err := os.ReadFile(value)
		if err != nil {
			return fmt.Errorf("%s: %w", key.Name, err)
		}
		img, err := st.SetSettingFile(ctx, key.Name, data)
		if err != nil {
			return fmt.Errorf("%w (file %s)", err, value)
		}
		fmt.Fprintf(e.stdout, "%s set from %s: %s\n", key.Name, value, img.Describe())
		return nil
	}
	if key.Kind == ledger.SettingLines {
		// A shell argument rarely holds a real line break: "\n" stands for one.
		value = strings.ReplaceAll(value, `\n`, "\n")
	}
	if err := st.ChangeSetting(ctx, key.Name, value); err != nil {
		return err
	}
	if strings.TrimSpace(value) == "" {
		fmt.Fprintf(e.stdout, "%s cleared\n", key.Name)
		return nil
	}
	stored, err := st.Setting(ctx, key.Name, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s = %s\n", key.Name, strings.ReplaceAll(stored, "\n", `\n`))
	return nil
}
