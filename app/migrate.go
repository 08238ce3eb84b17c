package app

import (
	"context"
	"fmt"
	"maps"
	"os"
	"reflect"
	"slices"

	"paidup/ledger"
)

// MoveReport is what moving a ledger to PostgreSQL copied and checked.
type MoveReport struct {
	From, To string
	Counts   ledger.CopyCounts
	// Receivable and Credits are the control accounts per currency, equal
	// on both sides (Check on each).
	Receivable, Credits map[string]int64
}

// MoveToPostgres copies the ledger file at file into the empty PostgreSQL
// database at url and proves the copy: the same rows in every table, the
// same control balances, and check clean on both. The file is only read.
func MoveToPostgres(ctx context.Context, file, url string, progress func(table string, rows int64)) (*MoveReport, error) {
	if !ledger.IsPostgresURL(url) {
		return nil, ledger.Errorf(ledger.EINVALID, "%s is not a PostgreSQL address (postgres://user@host/dbname)", url)
	}
	if ledger.IsPostgresURL(file) {
		return nil, ledger.Errorf(ledger.EINVALID, "the ledger to move is a file; %s is a PostgreSQL address", file)
	}
	if _, err := os.Stat(file); err != nil {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no ledger file %s: %v", file, err)
	}
	src, err := ledger.OpenExisting(ctx, file)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	dst, err := ledger.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	defer dst.Close()
	counts, err := src.CopyTo(ctx, dst, progress)
	if err != nil {
		return nil, err
	}
	rep := &MoveReport{From: src.Path(), To: dst.Path(), Counts: counts}
	return rep, verifyCopy(ctx, src, dst, rep)
}

// verifyCopy proves dst holds what src does.
func verifyCopy(ctx context.Context, src, dst *ledger.Store, rep *MoveReport) error {
	a, err := src.TableCounts(ctx)
	if err != nil {
		return err
	}
	b, err := dst.TableCounts(ctx)
	if err != nil {
		return err
	}
	if !maps.Equal(a, b) {
		for _, t := range slices.Sorted(maps.Keys(a)) {
			if a[t] != b[t] {
				return fmt.Errorf("the copy differs: %s has %d rows in %s, %d in %s", t, a[t], src.Path(), b[t], dst.Path())
			}
		}
	}
	ca, err := src.Check(ctx)
	if err != nil {
		return err
	}
	cb, err := dst.Check(ctx)
	if err != nil {
		return err
	}
	if !ca.OK() {
		return fmt.Errorf("%s does not pass check: %v", src.Path(), ca.Problems)
	}
	if !cb.OK() {
		return fmt.Errorf("the copy in %s does not pass check: %v", dst.Path(), cb.Problems)
	}
	if !reflect.DeepEqual(ca.Receivable, cb.Receivable) || !reflect.DeepEqual(ca.Credits, cb.Credits) {
		return fmt.Errorf("the copy's control accounts differ: receivable %v against %v, credits %v against %v",
			cb.Receivable, ca.Receivable, cb.Credits, ca.Credits)
	}
	rep.Receivable, rep.Credits = cb.Receivable, cb.Credits
	return nil
}
