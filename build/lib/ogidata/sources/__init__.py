"""The versioned report files and the manifest that describes them."""
