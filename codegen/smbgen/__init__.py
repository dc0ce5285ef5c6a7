"""smbgen: turns the declarative MS-SMB2 description in spec/ into C++."""
