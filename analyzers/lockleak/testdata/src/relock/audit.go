package relock

// Audit counts the items in stock.
func (inv *Inventory) Audit() int {
	if inv == nil {
		panic("relock: nil inventory")
	}
	n := 0
	inv.mu.Lock()
	defer inv.mu.Unlock()
	for _, v := range inv.stock {
		n += v
	}
	return n
}
