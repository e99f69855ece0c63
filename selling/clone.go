package selling

import "reflect"

// clone is a deep copy of a request. A store may run the function given
// to Update more than once (store.Store), and each run must start from the
// request as it came: the service builds stored records from a request's
// members, and fills in what it defaults in those records, so a run that
// worked on the request itself would leave the next run, and the hash of
// the request a client token remembers, another request.
func clone[T any](in *T) *T {
	if in == nil {
		return nil
	}
	out := new(T)
	copyValue(reflect.ValueOf(out).Elem(), reflect.ValueOf(in).Elem())
	return out
}

// copyValue sets dst to a deep copy of src: pointers, slices and maps are
// copied, not shared; nil stays nil and empty stays empty.
func copyValue(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Type().Elem())
		copyValue(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Struct:
		dst.Set(src) // the unexported fields too (time.Time's), which are values
		for i := range src.NumField() {
			if dst.Field(i).CanSet() {
				copyValue(dst.Field(i), src.Field(i))
			}
		}
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			copyValue(s.Index(i), src.Index(i))
		}
		dst.Set(s)
	case reflect.Map:
		if src.IsNil() {
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		for it := src.MapRange(); it.Next(); {
			v := reflect.New(src.Type().Elem()).Elem()
			copyValue(v, it.Value())
			m.SetMapIndex(it.Key(), v)
		}
		dst.Set(m)
	case reflect.Interface:
		if src.IsNil() {
			return
		}
		v := reflect.New(src.Elem().Type()).Elem()
		copyValue(v, src.Elem())
		dst.Set(v)
	default:
		dst.Set(src)
	}
}

// copies gives each run of a transaction's function its own deep copy of
// in (see clone): the first is made now, before the transaction, so that
// the store's one writer, which runs every write's function in turn, does
// not spend its time copying; a run after the first copies in when it
// starts. Call the result once per run, in the function.
func copies[T any](in *T) func() *T {
	first := clone(in)
	return func() *T {
		if c := first; c != nil {
			first = nil
			return c
		}
		return clone(in)
	}
}
