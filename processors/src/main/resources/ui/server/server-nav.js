// The server console's links, shared by its pages.
"use strict";
const ServerNav = [["/ui/index.html", "Dashboard"], ["/ui/history.html", "Log browser"],
                   ["/ui/stored.html", "Stored backups"]];
