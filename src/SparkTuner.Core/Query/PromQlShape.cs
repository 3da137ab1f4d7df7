namespace SparkTuner.Core.Query;

/// <summary>Tiny structural checks on PromQL text (no full parser): enough to tell a plain selector and to catch unbalanced brackets.</summary>
internal static class PromQlShape
{
    /// <summary>True for <c>name</c>, <c>name{…}</c> or <c>{…}</c> with nothing else around it.</summary>
    public static bool IsPlainSelector(string expr)
    {
        var i = 0;
        while (i < expr.Length && (char.IsAsciiLetterOrDigit(expr[i]) || expr[i] is '_' or ':'))
        {
            i++;
        }

        var name = expr[..i];
        if (name.Length > 0 && !PromQl.IsValidMetricName(name))
        {
            return false;
        }

        while (i < expr.Length && char.IsWhiteSpace(expr[i]))
        {
            i++;
        }

        if (i == expr.Length)
        {
            return name.Length > 0;
        }

        if (expr[i] != '{')
        {
            return false;
        }

        var close = SkipTo(expr, i + 1, '}');
        if (close < 0)
        {
            return false;
        }

        return expr[(close + 1)..].Trim().Length == 0;
    }

    /// <summary>Null when (), [] and {} are balanced outside string literals; otherwise a description of the first problem.</summary>
    public static string? CheckBalanced(string expr)
    {
        var stack = new Stack<char>();
        for (var i = 0; i < expr.Length; i++)
        {
            var c = expr[i];
            switch (c)
            {
                case '"' or '\'' or '`':
                    var end = SkipString(expr, i);
                    if (end < 0)
                    {
                        return $"unterminated string starting at position {i}";
                    }

                    i = end;
                    break;
                case '(' or '[' or '{':
                    stack.Push(c);
                    break;
                case ')' or ']' or '}':
                    var open = c switch { ')' => '(', ']' => '[', _ => '{' };
                    if (stack.Count == 0 || stack.Pop() != open)
                    {
                        return $"unbalanced '{c}' at position {i}";
                    }

                    break;
            }
        }

        return stack.Count == 0 ? null : $"unclosed '{stack.Peek()}'";
    }

    private static int SkipTo(string expr, int from, char target)
    {
        for (var i = from; i < expr.Length; i++)
        {
            if (expr[i] is '"' or '\'' or '`')
            {
                i = SkipString(expr, i);
                if (i < 0)
                {
                    return -1;
                }
            }
            else if (expr[i] == target)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of the closing quote of the string starting at <paramref name="start"/>, or -1.</summary>
    private static int SkipString(string expr, int start)
    {
        var quote = expr[start];
        for (var i = start + 1; i < expr.Length; i++)
        {
            if (quote != '`' && expr[i] == '\\')
            {
                i++;
            }
            else if (expr[i] == quote)
            {
                return i;
            }
        }

        return -1;
    }
}
