package main

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// newClient is an HTTP client for conns connections to a loopback server. It
// neither asks for compression nor decodes it by itself: requests that want
// gzip say so, as a browser does, and read what came over the wire.
func newClient(conns int, jar http.CookieJar) *http.Client {
	return &http.Client{
		Jar: jar,
		Transport: &http.Transport{
			Proxy:               nil,
			MaxConnsPerHost:     conns,
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			IdleConnTimeout:     time.Minute,
			DisableCompression:  true,
		},
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// newJar is an empty cookie jar.
func newJar() http.CookieJar {
	jar, _ := cookiejar.New(nil)
	return jar
}

// request is one request of a closed loop: worker is which connection's
// turn it is; it answers the status, 0 when the request failed outright.
type request func(ctx context.Context, worker int) int

// loadRun is what one closed loop saw.
type loadRun struct {
	elapsed   time.Duration
	latencies []time.Duration // of every answered request
	statuses  map[int]int     // answers by status; 0 counts failed requests
	cpu       time.Duration   // of the server under test, when its pid is known
}

// closedLoop runs workers that each send their next request as soon as the
// last one is answered, until d has passed or budget requests were sent.
// Requests under way at the end are answered, not cut off: a save the
// server made must reach its tab. pid, when not 0, is the server whose CPU
// the run records.
func closedLoop(ctx context.Context, workers int, d time.Duration, budget int64, pid int, do request) loadRun {
	deadline := time.Now().Add(d)
	var sent atomic.Int64
	lat := make([][]time.Duration, workers)
	statuses := make([]map[int]int, workers)
	cpuBefore := cpuOf(pid)
	begin := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		statuses[w] = map[int]int{}
		wg.Go(func() {
			for ctx.Err() == nil && time.Now().Before(deadline) && sent.Add(1) <= budget {
				t := time.Now()
				status := do(ctx, w)
				if ctx.Err() != nil {
					return // interrupted: the run is not finished
				}
				lat[w] = append(lat[w], time.Since(t))
				statuses[w][status]++
			}
		})
	}
	wg.Wait()
	r := loadRun{elapsed: time.Since(begin), statuses: map[int]int{}, cpu: cpuOf(pid) - cpuBefore}
	for w := range workers {
		r.latencies = append(r.latencies, lat[w]...)
		for status, n := range statuses[w] {
			r.statuses[status] += n
		}
	}
	return r
}

func cpuOf(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	t, _ := cpuTime(pid)
	return t
}

// answered is how many requests got an answer of that status.
func (r loadRun) answered(status int) int { return r.statuses[status] }

// perSecond is how many answers of status came per second.
func (r loadRun) perSecond(status int) float64 {
	return float64(r.answered(status)) / r.elapsed.Seconds()
}

// serverErrors is how many answers were 5xx, or no answer at all.
func (r loadRun) serverErrors() int {
	n := r.statuses[0]
	for status, c := range r.statuses {
		if status >= 500 {
			n += c
		}
	}
	return n
}

// cpuPer is the server's CPU per answer of status.
func (r loadRun) cpuPer(status int) time.Duration {
	if r.answered(status) == 0 {
		return 0
	}
	return r.cpu / time.Duration(r.answered(status))
}

// percentile is the q-th quantile (0 < q <= 1) of durations.
func percentile(durations []time.Duration, q float64) time.Duration {
	if len(durations) == 0 {
		return 0
	}
	sorted := slices.Clone(durations)
	slices.Sort(sorted)
	i := int(float64(len(sorted))*q+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// median is the middle of values (the lower middle of an even count).
func median[T int | int64 | float64 | time.Duration](values []T) T {
	if len(values) == 0 {
		return 0
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	return sorted[(len(sorted)-1)/2]
}
