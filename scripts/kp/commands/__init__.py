"""One module per kp verb."""
