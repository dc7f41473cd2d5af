"""Activity reports (DESIGN §5): figures from aggregate queries, exports, PDF."""
