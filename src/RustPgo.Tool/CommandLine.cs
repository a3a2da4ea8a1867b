using System;
using System.Collections.Generic;

namespace RustPgo.Tool;

internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// LLVM cl-style options: <c>-name</c> or <c>--name</c>, values as <c>--name=value</c> or <c>--name value</c>;
/// everything else is positional.
/// </summary>
internal sealed class CommandLine
{
    private readonly List<(string Name, string? Value)> _options = new List<(string, string?)>();
    private readonly HashSet<string> _consumed = new HashSet<string>();

    public CommandLine(IReadOnlyList<string> args, ISet<string> valueOptions)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.Length < 2 || arg[0] != '-' || arg == "--")
            {
                Positionals.Add(arg);
                continue;
            }
            var body = arg.TrimStart('-');
            var equals = body.IndexOf('=');
            var name = equals < 0 ? body : body.Substring(0, equals);
            var value = equals < 0 ? null : body.Substring(equals + 1);
            if (value == null && valueOptions.Contains(name))
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"option '{arg}' needs a value");
                }
                value = args[++i];
            }
            _options.Add((name, value));
        }
    }

    public List<string> Positionals { get; } = new List<string>();

    public bool Flag(string name, string? alias = null)
    {
        var found = false;
        foreach (var option in _options)
        {
            if (option.Name == name || option.Name == alias)
            {
                found = option.Value == null || option.Value == "true" || option.Value == "1";
                _consumed.Add(option.Name);
            }
        }
        return found;
    }

    /// <summary>The last value given for the option (later occurrences win, as in LLVM's cl::opt).</summary>
    public string? Value(string name, string? alias = null)
    {
        var values = Values(name, alias);
        return values.Count == 0 ? null : values[values.Count - 1];
    }

    public List<string> Values(string name, string? alias = null)
    {
        var values = new List<string>();
        foreach (var option in _options)
        {
            if (option.Name == name || option.Name == alias)
            {
                _consumed.Add(option.Name);
                values.Add(option.Value ?? throw new UsageException($"option '--{name}' needs a value"));
            }
        }
        return values;
    }

    /// <summary>Call after reading every known option: anything left is a typo worth failing on.</summary>
    public void RejectUnknown()
    {
        foreach (var option in _options)
        {
            if (!_consumed.Contains(option.Name))
            {
                throw new UsageException($"unknown option '--{option.Name}'");
            }
        }
    }

    public static ulong ParseUnsigned(string text, string what)
    {
        if (!ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            throw new UsageException($"{what} '{text}' is not a non-negative integer");
        }
        return value;
    }
}
