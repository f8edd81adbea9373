"""Regional figures: indicators, their values per state and period, and the rule that keeps small cells out of sight."""
