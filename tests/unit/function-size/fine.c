/* Four levels deep and short: within the limits, braces in strings and
 * comments ignored: { { { { { */
const char *fine(int n);

const char *fine(int n)
{
    for (int a = 0; a < n; a++)
        if (a > 2)
            while (n > 10)
                if (n-- % 3)
                    return "{ { { {";
    return "}";
}
