package io.routewise.cli;

/** Placeholder entry point; replaced by the picocli launcher. */
public final class Routewise {
    public static void main(String[] args) {
        System.out.println("routewise");
    }
}
