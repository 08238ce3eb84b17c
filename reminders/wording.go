package reminders

import "fmt"

// The states of a reminder's invoices on the run's day, furthest along.
const (
	stateSoon    = "soon"    // every one before its due date
	stateToday   = "today"   // none past due, one due today at least
	stateOverdue = "overdue" // one past due at least
)

// standing words where items stand on the run's day, from their days
// past due alone: the step that sends them does not enter into it, so a
// step run late or early still tells the truth. headline reads as a
// subject, lead goes on a sentence ("This is a reminder that " + lead).
func standing(items []Item) (headline, lead, state string, overdue int) {
	today := 0
	for _, it := range items {
		switch {
		case it.DaysOverdue > 0:
			overdue++
		case it.DaysOverdue == 0:
			today++
		}
	}
	switch {
	case overdue > 0:
		state = stateOverdue
	case today > 0:
		state = stateToday
	default:
		state = stateSoon
	}
	n := len(items)
	if n == 1 {
		it := items[0]
		return "Invoice " + it.Number + " is " + it.Status, "the following invoice is " + it.Status, state, overdue
	}
	var what string
	switch {
	case overdue == n:
		what = "are overdue"
	case overdue > 0:
		what = fmt.Sprintf("are due, %d of them overdue", overdue)
	case today == n:
		what = "are due today"
	case today > 0:
		what = fmt.Sprintf("are due, %d of them today", today)
	default:
		what = "are due soon"
	}
	return fmt.Sprintf("%d invoices %s", n, what), fmt.Sprintf("the following %d invoices %s", n, what), state, overdue
}
