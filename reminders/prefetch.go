package reminders

import (
	"context"
	"runtime"

	"paidup/ledger"
)

// built is an outbox row's message, or why it could not be made.
type built struct {
	msg *Message
	err error
}

// prefetcher renders the messages of a run's rows a few ahead of the
// sender, on a few goroutines: drawing PDFs is CPU work that would
// otherwise stand between one message and the next, while the sender
// mostly waits for the server and the disk.
type prefetcher struct {
	ctx     context.Context
	results []chan built
	tokens  chan struct{}
	cancel  context.CancelFunc
}

func (r *Runner) prefetch(ctx context.Context, rows []ledger.OutboxMessage) *prefetcher {
	ctx, cancel := context.WithCancel(ctx)
	workers := max(1, runtime.GOMAXPROCS(0))
	p := &prefetcher{ctx: ctx, results: make([]chan built, len(rows)), tokens: make(chan struct{}, 2*workers), cancel: cancel}
	for i := range p.results {
		p.results[i] = make(chan built, 1)
	}
	go func() {
		for i, row := range rows {
			// A token per message rendered and not yet taken bounds how
			// far ahead (and how much memory) the rendering runs.
			select {
			case p.tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			go func() {
				m, err := r.message(ctx, row)
				p.results[i] <- built{msg: m, err: err}
			}()
		}
	}()
	return p
}

// get waits for message i; messages are taken in order. Once the run
// is cancelled, a message not rendered yet never will be.
func (p *prefetcher) get(i int) built {
	select {
	case b := <-p.results[i]:
		<-p.tokens
		return b
	case <-p.ctx.Done():
		return built{err: p.ctx.Err()}
	}
}

// ready returns message i if it is rendered already.
func (p *prefetcher) ready(i int) (built, bool) {
	select {
	case b := <-p.results[i]:
		<-p.tokens
		return b, true
	default:
		return built{}, false
	}
}

// stop abandons the messages not taken; their goroutines end on their own.
func (p *prefetcher) stop() { p.cancel() }
