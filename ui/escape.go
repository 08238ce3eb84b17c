package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// dismissWords are the buttons that leave a dialog without doing
// anything, in the order Escape looks for them.
var dismissWords = []string{"Cancel", "No", "Close", "OK"}

// closeTop closes the dialog or pop-up on top of c as its own dismissing
// button would (so that its "closed" work runs: a task's Cancel stops
// the task), or hides a pop-up that has none (a calendar, a picker's
// offer). It reports whether there was one.
func closeTop(c fyne.Canvas) bool {
	top := c.Overlays().Top()
	if top == nil {
		return false
	}
	for _, word := range dismissWords {
		if b := findButton(top, word); b != nil && !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
			return true
		}
	}
	top.Hide()
	c.Overlays().Remove(top)
	return true
}

// findButton finds the button labelled text under o, through containers,
// scrolls and pop-ups (a dialog is a pop-up of containers).
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	switch w := o.(type) {
	case *widget.Button:
		if w.Text == text && w.Visible() {
			return w
		}
	case *widget.PopUp:
		return findButton(w.Content, text)
	case *container.Scroll:
		return findButton(w.Content, text)
	case *fyne.Container:
		for _, child := range w.Objects {
			if b := findButton(child, text); b != nil {
				return b
			}
		}
	}
	return nil
}

// escEntry is an entry for dialogs that closes its dialog on Escape:
// Fyne gives every key to the focused field, so the window's own Escape
// never sees one typed while a field has the keyboard.
type escEntry struct {
	widget.Entry
}

// newEscEntry makes an escEntry, of several lines if multiLine.
func newEscEntry(multiLine bool) *escEntry {
	e := &escEntry{}
	e.MultiLine = multiLine
	if multiLine {
		e.Wrapping = fyne.TextWrapWord
	}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey closes the dialog on Escape and types anything else.
func (e *escEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil && closeTop(c) {
			return
		}
	}
	e.Entry.TypedKey(k)
}
