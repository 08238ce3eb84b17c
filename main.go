// Paidup gets small businesses paid: a local ledger of customers, invoices
// and payments, with a desktop window and a command line. main only chooses
// between them: the jobs are in app/, the window in ui/, the commands in cli/.
package main

import (
	_ "paidup/internal/localeenv" // before Fyne's init reads the locale

	"context"
	"os"
	"os/signal"
	"syscall"

	"paidup/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.Options{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Window: runGUI})
	stop()
	os.Exit(code)
}
