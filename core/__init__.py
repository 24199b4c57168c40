"""What the apps share and nothing else: the domain error, form fields, URL
converters and the PDF sandbox. It imports no app of the project."""
