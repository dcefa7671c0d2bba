package ref

import "go/types"

// A TypeKey names a field location by type rather than by instance: the
// named type that owns the first field, and the field path from it. It
// is what relates one lock across methods and instances: db.mu in one
// method and tx.db.mu in another are both DB.mu. Instances of a generic
// type have the key of the generic type.
type TypeKey struct {
	Type   *types.TypeName // the owning named type, an origin type
	Fields string          // ".mu", ".inner.mu"
}

// TypeKey returns r's type-level key: the shortest suffix of r's fields
// that starts at a field of a named struct type, so that tx.db.mu, with
// db a *DB, is DB's .mu. A path through an anonymous struct keeps the
// nearest named type before it: T's .state.mu for t.state.mu with state
// a struct{ mu sync.Mutex }. It reports false for a bare variable, for
// fields that do not resolve, and when no named type owns any of the
// fields (a variable of an anonymous struct type).
//
// Two named types sharing one struct type (type B A) have different
// keys, and so do two struct fields of one anonymous struct alias type:
// each key says which declared type the code reached the field through.
func (r Ref) TypeKey() (TypeKey, bool) {
	vars, owners := r.steps()
	for i := len(vars) - 1; i >= 0; i-- {
		named, ok := owners[i].(*types.Named)
		if !ok {
			continue
		}
		fields := ""
		for _, v := range vars[i:] {
			fields += "." + v.Name()
		}
		return TypeKey{Type: named.Origin().Obj(), Fields: fields}, true
	}
	return TypeKey{}, false
}

// String spells k as Type.field for messages: DB.mu.
func (k TypeKey) String() string {
	if k.Type == nil {
		return "<invalid>"
	}
	return k.Type.Name() + k.Fields
}
