//go:build race

package store

// raceSlowdown is how much slower code runs under the race detector, for
// the few tests that give the database a deadline.
const raceSlowdown = 10
