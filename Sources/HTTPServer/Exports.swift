// Handlers speak in HTTP1's types (HTTPFields, HTTPStatus, HTTPMethod, HTTPRequestHead), so
// importing HTTPServer is enough to write one.
@_exported import HTTP1
