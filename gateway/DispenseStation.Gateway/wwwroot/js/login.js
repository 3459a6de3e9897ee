// The login page: posts name and password, then returns to the dashboard (or the page the user came from).
"use strict";
document.getElementById("login-form").addEventListener("submit", async ev => {
  ev.preventDefault();
  const out = document.getElementById("login-error");
  out.innerHTML = "";
  try {
    await api.post("/api/auth/login", {
      name: document.getElementById("login-name").value, password: document.getElementById("login-password").value,
    });
    const back = new URLSearchParams(location.search).get("back");
    location.href = back && back.startsWith("#/") ? "/" + back : "/";
  } catch (e) {
    out.innerHTML = errorHtml(e);
  }
});
