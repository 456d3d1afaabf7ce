// The login page: posts the name and password, then goes to the console's home page.
"use strict";
document.getElementById("login-form").addEventListener("submit", async event => {
  event.preventDefault();
  const error = document.getElementById("error");
  error.hidden = true;
  const response = await fetch("/api/login", {
    method: "POST", credentials: "same-origin",
    headers: {"Content-Type": "application/json", "Accept": "application/json"},
    body: JSON.stringify({user: document.getElementById("user").value,
                          password: document.getElementById("password").value})});
  if (response.ok) {
    location.href = "/ui/index.html";
    return;
  }
  let message = "login failed (" + response.status + ")";
  try { message = (await response.json()).error || message; } catch (e) { /* not JSON */ }
  error.textContent = message;
  error.hidden = false;
  document.getElementById("password").value = "";
});
