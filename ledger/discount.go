package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// Early-payment discount terms ("2/10 net 30", issue 13 item 2). A
// customer has default terms; an invoice takes its own when it is issued
// (given, else the customer's) and keeps them. A payment dated on or before
// the discount date that leaves the invoice open by exactly the discount
// settles it: a discount document (kind discount, DSC-) is written in the
// payment's transaction, allocated to the invoice like a write-off and
// posted Dr 4900 the net part, Dr 2200 the tax part, Cr 1100 the discount.
// Voiding the payment (or the invoice) voids the discount with it.

// DiscountTerms are early-payment discount terms: BP basis points of the
// invoice total (200 is 2 %) if paid within Days of the issue date. The
// zero value is no discount.
type DiscountTerms struct {
	BP   int
	Days int
}

// maxDiscountBP keeps a discount below the whole invoice.
const maxDiscountBP = 9999

// IsZero reports no discount.
func (d DiscountTerms) IsZero() bool { return d.BP == 0 }

// Percent is the rate as the user writes it: "2", "2.5", "1.75".
func (d DiscountTerms) Percent() string {
	s := fmt.Sprintf("%d.%02d", d.BP/100, d.BP%100)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// String is "2/10" (percent/days), or "" for no discount.
func (d DiscountTerms) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Percent() + "/" + strconv.Itoa(d.Days)
}

// ParseDiscountTerms reads "2/10" (2 % within 10 days), "2.5/14"; "",
// "none" and "0" are no discount. The percent has at most two decimals.
func ParseDiscountTerms(s string) (DiscountTerms, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "none") || s == "0" {
		return DiscountTerms{}, nil
	}
	pct, days, ok := strings.Cut(s, "/")
	if !ok {
		return DiscountTerms{}, Errorf(EINVALID, "discount %q: want percent/days such as 2/10, or none", s)
	}
	pct = strings.TrimSuffix(strings.TrimSpace(pct), "%")
	whole, frac, _ := strings.Cut(strings.TrimSpace(pct), ".")
	if len(frac) > 2 {
		return DiscountTerms{}, Errorf(EINVALID, "discount %q: the percent has at most two decimals", s)
	}
	frac += strings.Repeat("0", 2-len(frac))
	w, err1 := strconv.Atoi(whole)
	f, err2 := strconv.Atoi(frac)
	n, err3 := strconv.Atoi(strings.TrimSpace(days))
	if err1 != nil || err2 != nil || err3 != nil || w < 0 || f < 0 || strings.HasPrefix(frac, "-") {
		return DiscountTerms{}, Errorf(EINVALID, "discount %q: want percent/days such as 2/10, or none", s)
	}
	d := DiscountTerms{BP: w*100 + f, Days: n}
	return d, d.check()
}

func (d DiscountTerms) check() error {
	switch {
	case d.BP < 0 || d.BP > maxDiscountBP:
		return Errorf(EINVALID, "discount must be between 0 and 99.99 %%")
	case d.Days < 0 || d.Days > maxTermsDays:
		return Errorf(EINVALID, "discount days must be between 0 and %d", maxTermsDays)
	case d.BP == 0 && d.Days != 0:
		return Errorf(EINVALID, "a discount of 0 %% has no days: say none")
	}
	return nil
}

// Amount is the discount on total: BP/10000 × total rounded half away from
// zero in the currency's minor units.
func (d DiscountTerms) Amount(total int64) int64 {
	n, err := roundDiv(new(big.Int).Mul(big.NewInt(total), big.NewInt(int64(d.BP))), big.NewInt(10000))
	if err != nil {
		return 0 // cannot happen: BP < 10000 keeps it below total
	}
	return n
}

// Date is the last day a payment earns the discount: the issue date plus Days.
func (d DiscountTerms) Date(issued time.Time) time.Time { return issued.AddDate(0, 0, d.Days) }

// DiscountOffer is what an invoice's terms offer: the discount, the last
// day for it and what to pay by then; Taken when a discount settled it.
type DiscountOffer struct {
	Terms  DiscountTerms
	Amount Money
	Until  time.Time
	Pay    Money
	Taken  Money // the discount in force on it, zero if none
}

// InvoiceDiscount reads the discount terms an invoice was issued with. An
// invoice without terms returns a zero Terms.
func (s *Store) InvoiceDiscount(ctx context.Context, number string) (DiscountOffer, error) {
	return s.invoiceDiscount(ctx, `number = ?`, number)
}

// InvoiceDiscountByID is InvoiceDiscount of a document by its id (a
// draft's terms as saved; zero: the customer's when it is issued).
func (s *Store) InvoiceDiscountByID(ctx context.Context, id int64) (DiscountOffer, error) {
	return s.invoiceDiscount(ctx, `id = ?`, id)
}

func (s *Store) invoiceDiscount(ctx context.Context, where string, number any) (DiscountOffer, error) {
	var o DiscountOffer
	var date, cur string
	var total int64
	err := s.r.QueryRowContext(ctx, `SELECT discount_bp, discount_days, date, currency, total,
		COALESCE((SELECT SUM(a.amount) FROM allocations a JOIN documents c ON c.id = a.credit_id
		  WHERE a.invoice_id = d.id AND a.void_date IS NULL AND c.kind = 'discount'), 0)
		FROM documents d WHERE `+where, number).Scan(&o.Terms.BP, &o.Terms.Days, &date, &cur, &total, &o.Taken.Minor)
	if errors.Is(err, sql.ErrNoRows) {
		return o, Errorf(ENOTFOUND, "no document %v", number)
	}
	if err != nil {
		return o, fmt.Errorf("read discount terms of %v: %w", number, err)
	}
	o.Taken.Currency = cur
	issued, err := ParseDate(date)
	if err != nil {
		return o, err
	}
	o.Amount = NewMoney(o.Terms.Amount(total), cur)
	o.Until = o.Terms.Date(issued)
	o.Pay = NewMoney(total-o.Amount.Minor, cur)
	return o, nil
}

// SetCustomerDiscount sets a customer's default discount terms, which
// invoices issued from now on take unless they are given their own.
func (s *Store) SetCustomerDiscount(ctx context.Context, code string, d DiscountTerms) error {
	if err := d.check(); err != nil {
		return err
	}
	return s.write(ctx, func(t *tx) error {
		c, err := t.customerByCode(code)
		if err != nil {
			return err
		}
		_, err = t.exec(`UPDATE customers SET discount_bp = ?, discount_days = ? WHERE id = ?`, d.BP, d.Days, c.id)
		return err
	})
}

// CustomerDiscount reads a customer's default discount terms.
func (s *Store) CustomerDiscount(ctx context.Context, code string) (DiscountTerms, error) {
	var d DiscountTerms
	err := s.r.QueryRowContext(ctx, `SELECT discount_bp, discount_days FROM customers WHERE code = ?`, code).Scan(&d.BP, &d.Days)
	if errors.Is(err, sql.ErrNoRows) {
		return d, Errorf(ENOTFOUND, "no customer with code %q", code)
	}
	return d, err
}

// writeInvoiceDiscount fixes the terms of invoice (or draft) id: the given
// ones, else the customer's. A draft issued without terms given keeps
// those it was saved with (draft true): it took the customer's then.
func (t *tx) writeInvoiceDiscount(id int64, cust custRow, given *DiscountTerms, draft bool) error {
	var d DiscountTerms
	switch {
	case given != nil:
		d = *given
	case draft:
		return nil
	default:
		if err := t.queryRow(`SELECT discount_bp, discount_days FROM customers WHERE id = ?`, cust.id).Scan(&d.BP, &d.Days); err != nil {
			return fmt.Errorf("read discount terms of %s: %w", cust.code, err)
		}
	}
	if err := d.check(); err != nil {
		return err
	}
	_, err := t.exec(`UPDATE documents SET discount_bp = ?, discount_days = ? WHERE id = ?`, d.BP, d.Days, id)
	return err
}

// takeDiscounts writes, dated date, the discount each invoice of plan has
// earned by a payment received on paid: one whose terms' date paid is not
// past and which the payment left open by exactly its discount. paid is
// the payment's own date, also when it is applied later: the money came
// in time (the discount is dated when it is applied, with the payment).
func (t *tx) takeDiscounts(pay *docRow, plan []plannedAlloc, paid, date time.Time) error {
	day := fmtDate(paid)
	for i := range plan {
		inv := &plan[i].inv
		if inv.kind != KindInvoice || inv.open <= 0 {
			continue
		}
		var d DiscountTerms
		if err := t.queryRow(`SELECT discount_bp, discount_days FROM documents WHERE id = ?`, inv.id).Scan(&d.BP, &d.Days); err != nil {
			return fmt.Errorf("read discount terms of %s: %w", inv.number, err)
		}
		if d.IsZero() {
			continue
		}
		issued, err := ParseDate(inv.date)
		if err != nil {
			return err
		}
		amount := d.Amount(inv.total)
		if amount <= 0 || inv.open != amount || day > fmtDate(d.Date(issued)) {
			continue
		}
		if err := t.takeDiscount(pay, inv, amount, date); err != nil {
			return err
		}
	}
	return nil
}

// takeDiscount writes discount amount on inv, earned by payment pay.
func (t *tx) takeDiscount(pay, inv *docRow, amount int64, date time.Time) error {
	tax, err := t.discountTax(inv, amount)
	if err != nil {
		return err
	}
	day := fmtDate(date)
	d := docRow{kind: KindDiscount, customerID: inv.customerID, status: StatusIssued, date: day, dueDate: day,
		currency: inv.currency, net: amount - tax, tax: tax, total: amount}
	if d.number, err = t.nextNumber(KindDiscount); err != nil {
		return err
	}
	if d.id, err = t.insertDoc(&d, pay.number, ""); err != nil {
		return err
	}
	if err := t.allocate(&d, inv, amount, date, false); err != nil {
		return err
	}
	e := discountEntry(&d, inv)
	return t.postEntry(date, &d, &e)
}

// discountEntry is the entry of discount d on invoice inv: Dr 4900 its
// net part, Dr 2200 its tax part, Cr 1100 its amount.
func discountEntry(d, inv *docRow) docEntry {
	e := docEntry{kind: "discount", memo: "discount on " + inv.number}
	e.b.debit(AccDiscounts, 0, d.net)
	e.b.debit(AccTaxPayable, 0, d.tax)
	e.b.credit(AccReceivable, inv.customerID, d.total)
	return e
}

// discountTax is the output tax a discount of amount on inv takes back:
// per tax rate, round(amount × that rate's tax / total) half away from
// zero, summed — the invoice's tax in proportion, as an EU settlement
// discount lowers the taxable amount.
func (t *tx) discountTax(inv *docRow, amount int64) (int64, error) {
	if inv.tax == 0 || inv.total == 0 {
		return 0, nil
	}
	st, err := t.stmt(`SELECT tax_rate, SUM(net) FROM document_lines WHERE document_id = ? GROUP BY tax_rate`)
	if err != nil {
		return 0, err
	}
	rows, err := st.QueryContext(t.ctx, inv.id)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var sum int64
	for rows.Next() {
		var rate Decimal4
		var net int64
		if err := rows.Scan(&rate, &net); err != nil {
			return 0, err
		}
		tax, err := TaxOn(net, rate)
		if err != nil {
			return 0, err
		}
		part, err := roundDiv(new(big.Int).Mul(big.NewInt(amount), big.NewInt(tax)), big.NewInt(inv.total))
		if err != nil {
			return 0, err
		}
		sum += part
	}
	return sum, rows.Err()
}

// voidDiscounts voids, dated date, the discounts in force that payment or
// invoice d carries: they stand only with the payment that earned them
// and the invoice they settle.
func (t *tx) voidDiscounts(d *docRow, date time.Time) error {
	var q string
	var arg any
	switch {
	case d.kind == KindPayment:
		q, arg = `SELECT id FROM documents WHERE kind = 'discount' AND status = 'issued' AND customer_id = ? AND reference = ? ORDER BY id`, d.number
	case d.kind == KindInvoice:
		q, arg = `SELECT c.id FROM allocations a JOIN documents c ON c.id = a.credit_id
			WHERE c.customer_id = ? AND a.invoice_id = ? AND a.void_date IS NULL AND c.kind = 'discount' ORDER BY c.id`, d.id
	default:
		return nil
	}
	st, err := t.stmt(q)
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(t.ctx, d.customerID, arg)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		dd, err := t.docByID(id)
		if err != nil {
			return err
		}
		if err := t.void(&dd, date, docRef(d.kind, d.number)+" voided"); err != nil {
			return fmt.Errorf("void discount %s: %w", dd.number, err)
		}
	}
	return nil
}
