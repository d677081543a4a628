package com.kubetrader.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** An output that cannot be written, in words for the user (docs/output-rules.md, rule 7). */
public class OutputException extends RuntimeException {

    public OutputException(String message) {
        super(message);
    }

    /**
     * An I/O failure in words, without the exception's class name: java.nio's exceptions carry only the path as
     * their message, so the kind of failure is what they are, and that is what the user needs.
     */
    public static String reason(IOException e) {
        String detail = e instanceof FileSystemException fs && fs.getReason() != null ? ": " + fs.getReason() : "";
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof FileAlreadyExistsException f) {
            return "already exists: " + f.getFile();
        }
        if (e instanceof NotDirectoryException d) {
            return "not a directory: " + d.getFile();
        }
        if (e instanceof DirectoryNotEmptyException d) {
            return "directory not empty: " + d.getFile();
        }
        if (e instanceof FileSystemException fs) {
            return (fs.getFile() != null ? fs.getFile() : "file system error") + detail;
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? "input/output error" : message;
    }
}
