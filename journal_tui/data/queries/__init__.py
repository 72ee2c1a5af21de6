"""Every SQL read of one area, one module per area."""
