package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
)

func TestSettings(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, _ := db.open(t)
		ctx := context.Background()

		if _, err := s.Setting(ctx, "missing"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Setting(missing) err = %v, want ErrNotFound", err)
		}
		tests := []struct {
			name  string
			value []byte
		}{
			{"first value", []byte("one")},
			{"overwritten", []byte("two")},
			{"binary", []byte{0, 1, 2, 255}},
			{"empty", []byte{}},
			{"nil stored as empty", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if err := s.SetSetting(ctx, "k", tt.value); err != nil {
					t.Fatal(err)
				}
				got, err := s.Setting(ctx, "k")
				if err != nil || !bytes.Equal(got, tt.value) {
					t.Fatalf("Setting = %q, %v; want %q", got, err, tt.value)
				}
			})
		}
	})
}

func TestSettingOrCreate(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, _ := db.open(t)
		ctx := context.Background()

		calls := 0
		create := func(v string) func() ([]byte, error) {
			return func() ([]byte, error) { calls++; return []byte(v), nil }
		}
		got, err := s.SettingOrCreate(ctx, "key", create("first"))
		if err != nil || string(got) != "first" {
			t.Fatalf("first SettingOrCreate = %q, %v", got, err)
		}
		got, err = s.SettingOrCreate(ctx, "key", create("second"))
		if err != nil || string(got) != "first" || calls != 1 {
			t.Fatalf("second SettingOrCreate = %q, %v (create called %d times); want the first value, one call", got, err, calls)
		}

		boom := errors.New("boom")
		if _, err := s.SettingOrCreate(ctx, "other", func() ([]byte, error) { return nil, boom }); !errors.Is(err, boom) {
			t.Fatalf("create error = %v, want %v", err, boom)
		}
		if _, err := s.Setting(ctx, "other"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("failed create stored something: %v", err)
		}
	})
}

func TestSettingOrCreateRace(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db testDB) {
		s, _ := db.open(t)
		ctx := context.Background()
		const n = 8
		results := make([][]byte, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				results[i], errs[i] = s.SettingOrCreate(ctx, "race", func() ([]byte, error) {
					return fmt.Appendf(nil, "value %d", i), nil
				})
			})
		}
		wg.Wait()
		stored, err := s.Setting(ctx, "race")
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			if errs[i] != nil || !bytes.Equal(results[i], stored) {
				t.Errorf("racer %d got %q, %v; the stored value is %q", i, results[i], errs[i], stored)
			}
		}
	})
}
