package manifest

import (
	"encoding/json"
	"unsafe"
)

// Converting a string, a number or a list to an any copies its header into
// an allocation of its own: one for each value of a document, most of what
// decoding would allocate. The parser keeps these headers in slabs instead
// and makes each any point at its slot, as the conversion points at its
// copy. That takes the layout of an any, which is the runtime's
// (internal/abi.EmptyInterface, the same in every Go release): the type
// word, then a pointer to the value.
type eface struct {
	typ  unsafe.Pointer
	data unsafe.Pointer
}

// typeWord is the type word of v's dynamic type.
func typeWord(v any) unsafe.Pointer { return (*eface)(unsafe.Pointer(&v)).typ }

var (
	stringType = typeWord("")
	numberType = typeWord(json.Number(""))
	listType   = typeWord([]any(nil))
)

// box is the any of type typ whose value is at data. What data points at
// must never change afterwards, as for the copy a conversion would make.
func box(typ, data unsafe.Pointer) (v any) {
	e := (*eface)(unsafe.Pointer(&v))
	e.typ, e.data = typ, data
	return v
}

// boxString is s as an any, its header kept in the parser's slab.
func (p *parser) boxString(s string) any {
	slot := &p.stringSlab.take(1)[0]
	*slot = s
	return box(stringType, unsafe.Pointer(slot))
}

// boxNumber is n as an any, its header kept in the parser's slab of
// strings: a json.Number is a string.
func (p *parser) boxNumber(n json.Number) any {
	slot := &p.stringSlab.take(1)[0]
	*slot = string(n)
	return box(numberType, unsafe.Pointer(slot))
}

// boxList is l as an any, its header kept in the parser's slab.
func (p *parser) boxList(l []any) any {
	slot := &p.listSlab.take(1)[0]
	*slot = l
	return box(listType, unsafe.Pointer(slot))
}
