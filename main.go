// Paidup gets small businesses paid: a local ledger of customers, invoices
// and payments, with a desktop window and a command line. main.go only
// wires things up: the work is in ledger/, reports/ and ui/.
package main

import (
	_ "paidup/internal/localeenv" // before Fyne's init reads the locale

	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
