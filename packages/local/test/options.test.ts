import { describe, expect, it } from "vitest";
import { UsageError } from "../src/errors.ts";
import { DEFAULT_PORT, parseLocalOptions } from "../src/options.ts";

describe("ripcord local options", () => {
  it("defaults to the demo, serving the API on the default port", () => {
    // Act
    const options = parseLocalOptions([]);

    // Assess
    expect(options).toEqual({ once: false, json: false, port: DEFAULT_PORT });
  });

  it("reads a replay with --once --json --endpoint --port", () => {
    // Act
    const options = parseLocalOptions([
      "--scenario",
      "a.json",
      "--once",
      "--json",
      "--endpoint",
      "http://127.0.0.1:5000/",
      "--port",
      "9000",
    ]);

    // Assess
    expect(options).toEqual({
      scenario: "a.json",
      once: true,
      json: true,
      endpoint: "http://127.0.0.1:5000",
      port: 9000,
    });
  });

  it.each([
    [["--json"], /--json needs --once/],
    [["--port", "0"], /--port takes a port number/],
    [["--port", "8o80"], /--port takes a port number/],
    [["--endpoint", "localhost:5000"], /--endpoint must be an http\(s\) URL/],
    [["--endpoint", "not a url"], /--endpoint takes a URL/],
    [["--bogus"], /Unknown option '--bogus'/],
    [["extra"], /Unexpected argument 'extra'/],
    [["--scenario", ""], /--scenario needs a file path/],
    [["--signal", "http"], /--signal takes one of lambda, url, emf, got "http"/],
    [["--signal"], /--signal <value>' argument missing/],
  ])("refuses %j as bad usage", (argv, message) => {
    // Act
    const parse = () => parseLocalOptions(argv);

    // Assess
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(message);
  });

  it.each(["lambda", "url", "emf"] as const)("reads --signal %s", (signal) => {
    // Act
    const options = parseLocalOptions(["--signal", signal, "--once"]);

    // Assess
    expect(options).toEqual({ signal, once: true, json: false, port: DEFAULT_PORT });
  });

  it("answers --help", () => {
    // Act
    const options = parseLocalOptions(["-h"]);

    // Assess
    expect(options).toEqual({ help: true });
  });
});
