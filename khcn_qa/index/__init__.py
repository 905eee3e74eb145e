"""The index folder: generations of plainly named files behind a CURRENT pointer."""
